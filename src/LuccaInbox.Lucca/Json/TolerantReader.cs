using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LuccaInbox.Lucca;

/// <summary>
/// Reads one Lucca object field by field: when a property has a shape the model does not expect (an owner that is a
/// string, attachments that are an object), that property is set aside, recorded by its path, and the rest is read.
/// One bad field never loses the item, and one bad item never loses the page (API-FACTS addendum 2026-12-02).
/// </summary>
public static class TolerantReader
{
    public const string WholeItem = "(the whole item)";
    private const int MaxUnreadableFields = 50;

    public static (T Value, IReadOnlyList<string> Unreadable) Read<T>(JsonNode? node) where T : new()
    {
        if (node is not JsonObject json) return (new T(), [WholeItem]);
        var work = (JsonObject)json.DeepClone();
        var unreadable = new List<string>();
        while (unreadable.Count < MaxUnreadableFields)
        {
            try
            {
                return (work.Deserialize<T>(LuccaJson.Inner) ?? new T(), unreadable);
            }
            catch (JsonException e) when (e.Path is { } path && Segments(path) is { Count: > 0 } segments && Remove(work, segments))
            {
                unreadable.Add(Display(segments));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException)
            {
                break;
            }
        }
        return (new T(), [.. unreadable, WholeItem]);
    }

    /// <summary>"$.document.attachments[0]['odd name']" → ["document", "attachments", 0, "odd name"].</summary>
    private static List<object> Segments(string path)
    {
        var segments = new List<object>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                segments.Add(path[(i + 1)..(end < 0 ? path.Length : end)]);
                i = end < 0 ? path.Length : end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0) return [];
                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path[(i + 1)..end], out var index)) return [];
                segments.Add(index);
                i = end + 1;
            }
            else return [];
        }
        return segments;
    }

    private static bool Remove(JsonNode root, List<object> segments)
    {
        JsonNode? parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = segment switch
            {
                string name when parent is JsonObject o => o[name],
                int index when parent is JsonArray a && index < a.Count => a[index],
                _ => null,
            };
            if (parent is null) return false;
        }
        switch (segments[^1])
        {
            case string name when parent is JsonObject o && o.ContainsKey(name):
                o.Remove(name);
                return true;
            case int index when parent is JsonArray a && index < a.Count:
                a.RemoveAt(index);
                return true;
            default:
                return false;
        }
    }

    private static string Display(List<object> segments) =>
        string.Concat(segments.Select((s, i) => s is int index ? $"[{index}]" : i == 0 ? (string)s : "." + s));
}

/// <summary>Reads <typeparamref name="T"/> with <see cref="TolerantReader"/> and keeps Lucca's own JSON beside the typed view.</summary>
internal sealed class TolerantConverter<T>(Func<T, JsonObject?, IReadOnlyList<string>, T> attach) : JsonConverter<T> where T : class, new()
{
    // A null among the items of a page is an item too: kept, marked, counted.
    public override bool HandleNull => true;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var node = JsonNode.Parse(ref reader);
        var (value, unreadable) = TolerantReader.Read<T>(node);
        return attach(value, node as JsonObject, unreadable);
    }

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else JsonSerializer.Serialize(writer, value, LuccaJson.Inner);
    }
}
