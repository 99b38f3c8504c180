using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace LuccaInbox.Web.Audit;

/// <summary>The audit page's filters in its URL, shared with the CSV export so the download is exactly the view.</summary>
public static class AuditFilterQuery
{
    public static AuditFilter Parse(string? queryString)
    {
        var q = QueryHelpers.ParseQuery(queryString);
        string? Text(string key) => q.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;
        DateOnly? Day(string key) => DateOnly.TryParseExact(Text(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return new AuditFilter(
            User: Text("user"),
            Action: Text("action") is { } a && AuditActions.All.Contains(a) ? a : null,
            Outcome: Text("outcome") is { } o && AuditOutcomes.All.Contains(o) ? o : null,
            From: Day("from"),
            To: Day("to"),
            DocumentNumber: Text("number"),
            NewestFirst: Text("order") is not "oldest");
    }

    public static string ToQueryString(AuditFilter filter)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value) { if (!string.IsNullOrEmpty(value)) parts.Add(new(key, value)); }
        Add("user", filter.User);
        Add("action", filter.Action);
        Add("outcome", filter.Outcome);
        Add("from", filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("number", filter.DocumentNumber);
        if (!filter.NewestFirst) Add("order", "oldest");
        return QueryString.Create(parts).ToUriComponent();
    }
}
