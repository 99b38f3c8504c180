using System.Text.Json;
using System.Text.Json.Nodes;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.Documents;

public sealed record FieldChange(string Path, string? Before, string? After);

/// <summary>Field-level differences between two versions of a document, as the PUT bodies they make (so only writable fields count).</summary>
public static class DocumentDiff
{
    private static IReadOnlyList<FieldChange> Between(InboxDocumentUpdate before, InboxDocumentUpdate after)
    {
        var left = Flatten(JsonSerializer.SerializeToNode(before, LuccaJson.Options));
        var right = Flatten(JsonSerializer.SerializeToNode(after, LuccaJson.Options));
        return left.Keys.Union(right.Keys)
            .Where(path => left.GetValueOrDefault(path) != right.GetValueOrDefault(path))
            .Order(StringComparer.Ordinal)
            .Select(path => new FieldChange(path.StartsWith("document.", StringComparison.Ordinal) ? path["document.".Length..] : path,
                left.GetValueOrDefault(path), right.GetValueOrDefault(path)))
            .ToList();
    }

    /// <summary>What a PUT body changes in the version it is written over: the audit records exactly what was sent.</summary>
    public static IReadOnlyList<FieldChange> Written(Document basis, JsonObject body)
    {
        var sent = TolerantReader.Read<DocumentUpdate>(body["document"]).Value;
        return Between(new InboxDocumentUpdate { Document = DocumentUpdate.From(basis) }, new InboxDocumentUpdate { Document = sent });
    }

    public static IReadOnlyList<FieldChange> Between(InboxItem before, InboxItem after) =>
        Between(InboxDocumentUpdate.From(before), InboxDocumentUpdate.From(after));

    /// <summary>What a person with the document open reads when a colleague saved it.</summary>
    public static string Describe(string by, IReadOnlyList<FieldChange> changes, bool myEditsKept) =>
        $"{by} just saved this document: "
        + string.Join("; ", changes.Select(c => $"{WritableFields.LabelOf(c.Path)}: {c.Before ?? "(empty)"} → {c.After ?? "(empty)"}"))
        + (myEditsKept ? ". Your edits are kept; saving will let you merge." : ". Showing their version.");

    public static string ToJson(IReadOnlyList<FieldChange> changes) => JsonSerializer.Serialize(changes, LuccaJson.Options);

    public static IReadOnlyList<FieldChange> FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<FieldChange>>(json, LuccaJson.Options) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The writable values of a document by path ("comment", "amountIncludingTaxes.includingTaxes.value"), as diffs write them.</summary>
    public static IReadOnlyDictionary<string, string?> ValuesOf(InboxItem item) =>
        Flatten(JsonSerializer.SerializeToNode(InboxDocumentUpdate.From(item), LuccaJson.Options))
            .ToDictionary(kv => kv.Key.StartsWith("document.", StringComparison.Ordinal) ? kv.Key["document.".Length..] : kv.Key, kv => kv.Value);

    private static Dictionary<string, string?> Flatten(JsonNode? node)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            switch (n)
            {
                case JsonObject o when o.Count > 0:
                    foreach (var (key, value) in o) Walk(value, path.Length == 0 ? key : $"{path}.{key}");
                    break;
                case JsonArray a when a.Count > 0:
                    for (var i = 0; i < a.Count; i++) Walk(a[i], $"{path}[{i}]");
                    break;
                case null:
                    result[path] = null;
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    result[path] = v.GetValue<string>();
                    break;
                default:
                    result[path] = n.ToJsonString();
                    break;
            }
        }
        Walk(node, "");
        return result;
    }
}
