using System.Globalization;
using System.Text.Json.Nodes;

namespace LuccaInbox.Emulator.Infrastructure;

/// <summary>Filter helpers. Unknown query parameters are ignored (API-FACTS §15.1).</summary>
public static class QueryFilters
{
    public static HashSet<string>? List(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : null;

    /// <summary>ISO date or date-time; no offset means UTC; inclusive (API-FACTS §15.11). False when present but unreadable.</summary>
    public static bool TryInstant(IQueryCollection query, string name, out DateTimeOffset? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var text) || string.IsNullOrWhiteSpace(text)) return true;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    public static string? Text(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();
    }

    public static DateTimeOffset? Instant(JsonNode? node, string property) =>
        Text(node, property) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
