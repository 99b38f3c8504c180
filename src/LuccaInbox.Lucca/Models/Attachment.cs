using System.Text.Json;
using System.Text.Json.Serialization;

namespace LuccaInbox.Lucca.Models;

public sealed record LuccaFileInfo
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Href { get; init; }
    public string? DisplayHref { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record AttachmentPages
{
    public string? DisplayHrefTemplate { get; init; }
    public int Count { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record Attachment
{
    public const string PageNumberPlaceholder = "{pageNumber}";

    public int Id { get; init; }
    public LuccaFileInfo? File { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public AttachmentPages? Pages { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }

    public int PageCount => Math.Max(Pages?.Count ?? 0, 0);

    /// <summary>The href of one page, 1-based up to <see cref="PageCount"/> (API-FACTS §15.13), or null when out of range.</summary>
    public string? PageHref(int pageNumber) =>
        Pages?.DisplayHrefTemplate is { } template && pageNumber >= 1 && pageNumber <= PageCount
            ? template.Replace(PageNumberPlaceholder, pageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : null;
}
