using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LuccaInbox.Emulator.Profiles;

/// <summary>
/// Writes stored JSON as the profile's server would: without null-valued properties (API-FACTS §15.20, OmitNulls or
/// refused nulls) and with a time part on documentDate/dueDate (DateTimes, 2026-12-02 addendum). Default: as stored.
/// </summary>
public sealed class ResponseView(EmulatorProfile profile)
{
    private static readonly HashSet<string> DateProperties = ["documentDate", "dueDate"];

    private bool Plain => !profile.WritesWithoutNulls && !profile.DateTimes;

    public string Render(JsonNode node)
    {
        if (Plain) return node.ToJsonString();
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node, null);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private void Write(Utf8JsonWriter w, JsonNode? node, string? property)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                break;
            case JsonObject o:
                w.WriteStartObject();
                foreach (var (name, value) in o)
                {
                    if (value is null && profile.WritesWithoutNulls) continue;
                    w.WritePropertyName(name);
                    Write(w, value, name);
                }
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var element in a) Write(w, element, null);
                w.WriteEndArray();
                break;
            default:
                if (profile.DateTimes && property is not null && DateProperties.Contains(property)
                    && node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() is { Length: 10 } date)
                {
                    w.WriteStringValue(date + "T00:00:00");
                }
                else
                {
                    node.WriteTo(w);
                }
                break;
        }
    }
}
