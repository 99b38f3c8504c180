using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace LuccaInbox.Web.Audit;

/// <summary>The audit page's filters in its URL, shared with the CSV export so the download is exactly the view.</summary>
public static class AuditFilterQuery
{
    public static AuditFilter Parse(string? queryString)
    {
        var q = QueryHelpers.ParseQuery(queryString);
        return FromValues(key => q.TryGetValue(key, out var v) ? v.ToString() : null);
    }

    /// <summary>The filter from the value of each of its URL keys (<see cref="ToQueryParameters"/>), null for an absent one.</summary>
    public static AuditFilter FromValues(Func<string, string?> value)
    {
        string? Text(string key) => value(key) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
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

    /// <summary>Every URL key of the filter with its value; null where the default applies (a URL built from these leaves
    /// that key out). The one place the keys are written.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> ToQueryParameters(AuditFilter filter)
    {
        static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;
        return
        [
            new("user", Blank(filter.User)),
            new("action", Blank(filter.Action)),
            new("outcome", Blank(filter.Outcome)),
            new("from", filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("to", filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("number", Blank(filter.DocumentNumber)),
            new("order", filter.NewestFirst ? null : "oldest"),
        ];
    }

    public static string ToQueryString(AuditFilter filter) =>
        QueryString.Create(ToQueryParameters(filter).Where(p => p.Value is not null)).ToUriComponent();
}
