using Microsoft.AspNetCore.Components;

namespace LuccaInbox.Web.Audit;

/// <summary>
/// The audit page's filters live in its URL (shared with the CSV export): Blazor supplies each key of the query string
/// (<see cref="AuditFilterQuery.ToQueryParameters"/>) and sets the page's parameters again when one changes; a change of
/// filter only rewrites those keys of the URL.
/// </summary>
public partial class AuditPage
{
    [SupplyParameterFromQuery(Name = "user")] private string? UrlUser { get; set; }
    [SupplyParameterFromQuery(Name = "action")] private string? UrlAction { get; set; }
    [SupplyParameterFromQuery(Name = "outcome")] private string? UrlOutcome { get; set; }
    [SupplyParameterFromQuery(Name = "from")] private string? UrlFrom { get; set; }
    [SupplyParameterFromQuery(Name = "to")] private string? UrlTo { get; set; }
    [SupplyParameterFromQuery(Name = "number")] private string? UrlNumber { get; set; }
    [SupplyParameterFromQuery(Name = "order")] private string? UrlOrder { get; set; }

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The filter the URL holds now (anything unreadable in it falls back to the default).</summary>
    private AuditFilter FilterInUrl => AuditFilterQuery.FromValues(new Dictionary<string, string?>
    {
        ["user"] = UrlUser, ["action"] = UrlAction, ["outcome"] = UrlOutcome, ["from"] = UrlFrom, ["to"] = UrlTo,
        ["number"] = UrlNumber, ["order"] = UrlOrder,
    }.GetValueOrDefault);

    /// <summary>Shows <paramref name="filter"/> by rewriting the URL's keys: Blazor then supplies them and the page follows.</summary>
    private void Apply(AuditFilter filter) => Navigation.NavigateTo(
        Navigation.GetUriWithQueryParameters(AuditFilterQuery.ToQueryParameters(filter).ToDictionary(p => p.Key, p => (object?)p.Value)));
}
