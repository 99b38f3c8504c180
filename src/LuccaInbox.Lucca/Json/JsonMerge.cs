using System.Globalization;
using System.Text.Json.Nodes;

namespace LuccaInbox.Lucca;

/// <summary>
/// Writes the differences between two typed views of a document onto Lucca's own JSON of it, leaf by leaf, so that
/// whatever the user did not change keeps the form Lucca sent. Paths: "a.b" for properties, "a[0]" for array
/// elements, "a[]" for an array's length. An array whose length changed is replaced whole; otherwise its elements are
/// merged one by one (one edited tax line does not rewrite the others).
/// </summary>
internal static class JsonMerge
{
    public static void Apply(JsonObject target, JsonObject before, JsonObject after)
    {
        var old = Leaves(before);
        var now = Leaves(after);
        var paths = old.Keys.Union(now.Keys).Order(StringComparer.Ordinal).ToList();
        var replaced = new List<string>();
        foreach (var count in paths.Where(p => p.EndsWith("[]", StringComparison.Ordinal) && Differs(old, now, p)))
        {
            var array = count[..^2];
            if (replaced.Any(r => IsUnder(array, r))) continue;
            Set(target, Segments(array), Find(after, array)?.DeepClone());
            replaced.Add(array);
        }
        foreach (var path in paths.Where(p => !p.EndsWith("[]", StringComparison.Ordinal) && Differs(old, now, p)))
        {
            if (replaced.Any(r => IsUnder(path, r))) continue;
            if (!Set(target, Segments(path), now.GetValueOrDefault(path)?.DeepClone()) && NearestArray(path) is { } array)
            {
                // Lucca's JSON has no such element (an array of another shape): the edited array goes whole.
                Set(target, Segments(array), Find(after, array)?.DeepClone());
                replaced.Add(array);
            }
        }
    }

    private static bool Differs(Dictionary<string, JsonNode?> old, Dictionary<string, JsonNode?> now, string path) =>
        old.ContainsKey(path) != now.ContainsKey(path) || !JsonNode.DeepEquals(old.GetValueOrDefault(path), now.GetValueOrDefault(path));

    private static bool IsUnder(string path, string prefix) =>
        path == prefix || path.StartsWith(prefix + ".", StringComparison.Ordinal) || path.StartsWith(prefix + "[", StringComparison.Ordinal);

    private static string? NearestArray(string path) => path.LastIndexOf('[') is > 0 and var at ? path[..at] : null;

    private static Dictionary<string, JsonNode?> Leaves(JsonObject root)
    {
        var leaves = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject o when o.Count > 0:
                    foreach (var (key, value) in o) Walk(value, path.Length == 0 ? key : $"{path}.{key}");
                    break;
                case JsonArray a:
                    leaves[path + "[]"] = a.Count;
                    for (var i = 0; i < a.Count; i++) Walk(a[i], $"{path}[{i}]");
                    break;
                default:
                    leaves[path] = node;
                    break;
            }
        }
        Walk(root, "");
        return leaves;
    }

    /// <summary>"amountIncludingTaxes.taxes[0].value" → ["amountIncludingTaxes", "taxes", 0, "value"].</summary>
    private static List<object> Segments(string path)
    {
        var segments = new List<object>();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            segments.Add(bracket < 0 ? part : part[..bracket]);
            for (var at = bracket; at >= 0; at = part.IndexOf('[', at + 1))
            {
                segments.Add(int.Parse(part[(at + 1)..part.IndexOf(']', at)], CultureInfo.InvariantCulture));
            }
        }
        return segments;
    }

    private static JsonNode? Find(JsonNode root, string path) =>
        Segments(path).Aggregate<object, JsonNode?>(root, (node, segment) => segment switch
        {
            string name when node is JsonObject o => o[name],
            int index when node is JsonArray a && index < a.Count => a[index],
            _ => null,
        });

    /// <summary>Sets (or, for null, removes) the value at the path, making objects on the way. False when the path runs
    /// through an array element Lucca's JSON does not have.</summary>
    private static bool Set(JsonObject root, List<object> path, JsonNode? value)
    {
        JsonNode parent = root;
        for (var i = 0; i < path.Count - 1; i++)
        {
            var next = path[i] switch
            {
                string name => (parent as JsonObject)?[name],
                int index => parent is JsonArray a && index < a.Count ? a[index] : null,
                _ => null,
            };
            if (path[i + 1] is int && next is not JsonArray) return value is null;
            if (path[i + 1] is string && next is not JsonObject)
            {
                if (value is null) return true; // clearing inside something that is not there: nothing to clear
                if (path[i] is int) return false;
                next = new JsonObject();
                ((JsonObject)parent)[(string)path[i]] = next;
            }
            parent = next!;
        }
        switch (path[^1])
        {
            case string name when parent is JsonObject o:
                if (value is null) o.Remove(name);
                else o[name] = value;
                return true;
            case int index when parent is JsonArray a && index < a.Count:
                a[index] = value;
                return true;
            default:
                return false;
        }
    }
}
