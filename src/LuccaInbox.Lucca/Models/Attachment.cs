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

    /// <summary>The file's id (a uuid): <c>file.id</c>, or when an untidy record lacks it, the id in one of its hrefs
    /// (2026-12-02 addendum). Null when none is a uuid. Requests are only ever rebuilt from this id (API-FACTS §13).</summary>
    public string? FileId => new[] { File?.Id, IdInHref(File?.DisplayHref), IdInHref(File?.Href), IdInHref(Pages?.DisplayHrefTemplate) }
        .Select(id => Guid.TryParseExact(id, "D", out var guid) ? guid.ToString("D") : null)
        .FirstOrDefault(id => id is not null);

    /// <summary>How many page images can be shown: the page template's count, else one (the file's display rendering,
    /// API-FACTS §1.3, §13) when there is no template but a display href.</summary>
    public int ViewablePageCount => Pages?.DisplayHrefTemplate is not null ? PageCount : File?.DisplayHref is not null ? 1 : 0;

    /// <summary>Whether page <paramref name="pageNumber"/> is the display rendering rather than a templated page.</summary>
    public bool ShowsDisplay(int pageNumber) => pageNumber == 1 && Pages?.DisplayHrefTemplate is null && File?.DisplayHref is not null;

    /// <summary>The href of one page, 1-based up to <see cref="PageCount"/> (API-FACTS §15.13), or null when out of range.</summary>
    public string? PageHref(int pageNumber) =>
        Pages?.DisplayHrefTemplate is { } template && pageNumber >= 1 && pageNumber <= PageCount
            ? template.Replace(PageNumberPlaceholder, pageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : null;

    private static string? IdInHref(string? href)
    {
        const string Files = "/api/files/";
        var start = href?.IndexOf(Files, StringComparison.Ordinal) ?? -1;
        return start >= 0 && href!.Length >= start + Files.Length + 36 ? href.Substring(start + Files.Length, 36) : null;
    }
}
