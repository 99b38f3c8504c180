using Microsoft.AspNetCore.Components;

namespace LuccaInbox.Web.Inbox;

/// <summary>
/// The inbox page's state lives in its URL (a link or Back restores the grid): Blazor supplies each key of the query
/// string (<see cref="InboxQuery.ToQueryParameters"/>) and sets the page's parameters again when one changes; a change
/// of filter, sort or page only rewrites those keys of the URL.
/// </summary>
public partial class InboxPage
{
    [SupplyParameterFromQuery(Name = "q")] private string? UrlSearch { get; set; }
    [SupplyParameterFromQuery(Name = "type")] private string? UrlType { get; set; }
    [SupplyParameterFromQuery(Name = "ocr")] private string? UrlOcr { get; set; }
    [SupplyParameterFromQuery(Name = "owner")] private string? UrlOwner { get; set; }
    [SupplyParameterFromQuery(Name = "cur")] private string? UrlCurrency { get; set; }
    [SupplyParameterFromQuery(Name = "dfrom")] private string? UrlDatedFrom { get; set; }
    [SupplyParameterFromQuery(Name = "dto")] private string? UrlDatedTo { get; set; }
    [SupplyParameterFromQuery(Name = "duefrom")] private string? UrlDueFrom { get; set; }
    [SupplyParameterFromQuery(Name = "dueto")] private string? UrlDueTo { get; set; }
    [SupplyParameterFromQuery(Name = "amin")] private string? UrlAmountMin { get; set; }
    [SupplyParameterFromQuery(Name = "amax")] private string? UrlAmountMax { get; set; }
    [SupplyParameterFromQuery(Name = "duein")] private string? UrlDueIn { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] private string? UrlSort { get; set; }
    [SupplyParameterFromQuery(Name = "dir")] private string? UrlDirection { get; set; }
    [SupplyParameterFromQuery(Name = "page")] private string? UrlPageNumber { get; set; }
    [SupplyParameterFromQuery(Name = "size")] private string? UrlSize { get; set; }

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The query the URL holds now (anything unreadable in it falls back to the default).</summary>
    private InboxQuery QueryInUrl => InboxQuery.FromValues(new Dictionary<string, string?>
    {
        ["q"] = UrlSearch, ["type"] = UrlType, ["ocr"] = UrlOcr, ["owner"] = UrlOwner, ["cur"] = UrlCurrency, ["dfrom"] = UrlDatedFrom,
        ["dto"] = UrlDatedTo, ["duefrom"] = UrlDueFrom, ["dueto"] = UrlDueTo, ["amin"] = UrlAmountMin, ["amax"] = UrlAmountMax,
        ["duein"] = UrlDueIn, ["sort"] = UrlSort, ["dir"] = UrlDirection, ["page"] = UrlPageNumber, ["size"] = UrlSize,
    }.GetValueOrDefault);

    /// <summary>Shows <paramref name="query"/> by rewriting the URL's keys: Blazor then supplies them and the grid follows.</summary>
    private Task ShowAsync(InboxQuery query)
    {
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(query.ToQueryParameters().ToDictionary(p => p.Key, p => (object?)p.Value)));
        return Task.CompletedTask;
    }
}
