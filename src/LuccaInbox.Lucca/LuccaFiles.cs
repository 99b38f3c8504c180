using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using LuccaInbox.Lucca.Models;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Lucca;

public sealed record LuccaFile(byte[] Content, string ContentType, string? FileName);

/// <summary>A file answer went past the configured byte limit (LuccaOptions.MaxPageBytes / MaxOriginalBytes); reading stopped there.</summary>
public sealed class LuccaFileTooLargeException(long limit)
    : Exception($"The file is larger than the {limit / (1024.0 * 1024):0.#} MB this app reads; it was not downloaded.")
{
    public long Limit { get; } = limit;
}

/// <summary>What a file href of a Lucca response designates, once checked. Only these three shapes are ever fetched.</summary>
public sealed record LuccaFileHref(string FileId, LuccaFileHref.Kinds Kind, int PageNumber = 0)
{
    public enum Kinds { Original, Display, Page }
}

/// <summary>
/// Fetches attachment files through the Lucca client. An href from a response is never followed
/// as-is: it must be a path (or a URL on the configured tenant) of the form
/// /cleemy-procurement/api/files/{uuid}[/display[/pages/{n}]], and the request is rebuilt from the
/// parsed file id, so an href cannot point the server at another host or path (SSRF).
/// </summary>
public sealed partial class LuccaFiles(ILuccaInvoicesApi api, IOptionsMonitor<LuccaOptions> options, TimeProvider time)
{
    private const int MaxFileBytes = 100 * 1024 * 1024; // Lucca's own body limit (API-FACTS §0.4)

    [GeneratedRegex(@"^/cleemy-procurement/api/files/(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?<display>/display(?:/pages/(?<page>[1-9][0-9]{0,3}))?)?$")]
    private static partial Regex FileHrefPattern();

    public bool TryParse(string? href, out LuccaFileHref parsed)
    {
        parsed = null!;
        if (string.IsNullOrEmpty(href) || href.Length > 300) return false;

        var path = href;
        if (Uri.TryCreate(href, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            if (!IsConfiguredTenant(absolute) || !string.IsNullOrEmpty(absolute.Query) || !string.IsNullOrEmpty(absolute.Fragment)) return false;
            path = absolute.AbsolutePath;
        }

        var match = FileHrefPattern().Match(path);
        if (!match.Success) return false;

        var fileId = match.Groups["id"].Value.ToLowerInvariant();
        parsed = match.Groups["page"].Success
            ? new LuccaFileHref(fileId, LuccaFileHref.Kinds.Page, int.Parse(match.Groups["page"].Value, System.Globalization.CultureInfo.InvariantCulture))
            : match.Groups["display"].Success
                ? new LuccaFileHref(fileId, LuccaFileHref.Kinds.Display)
                : new LuccaFileHref(fileId, LuccaFileHref.Kinds.Original);
        return true;
    }

    public Task<LuccaFile> GetPageAsync(Attachment attachment, int pageNumber, CancellationToken cancellationToken = default) =>
        GetAsync(attachment.PageHref(pageNumber), cancellationToken);

    /// <summary>The display rendering of a file, asked by the file's id: the href itself is never followed.</summary>
    public Task<LuccaFile> GetDisplayAsync(Attachment attachment, CancellationToken cancellationToken = default) =>
        GetAsync(attachment.FileId is { } id ? $"/cleemy-procurement/api/files/{id}/display" : null, cancellationToken);

    public Task<LuccaFile> GetOriginalAsync(Attachment attachment, CancellationToken cancellationToken = default) =>
        GetAsync(attachment.File?.Href, cancellationToken);

    public async Task<LuccaFile> GetAsync(string? href, CancellationToken cancellationToken = default)
    {
        if (!TryParse(href, out var file))
        {
            throw new LuccaApiException("This attachment link is not a Lucca file link this app will follow.");
        }
        using var response = file.Kind switch
        {
            LuccaFileHref.Kinds.Page => await api.GetFilePageRawAsync(file.FileId, file.PageNumber, cancellationToken).ConfigureAwait(false),
            LuccaFileHref.Kinds.Display => await api.GetFileDisplayRawAsync(file.FileId, cancellationToken).ConfigureAwait(false),
            _ => await api.GetFileRawAsync(file.FileId, cancellationToken).ConfigureAwait(false),
        };
        if (!response.IsSuccessStatusCode)
        {
            throw await LuccaApiException.FromResponseAsync(response, options.CurrentValue.ApiKey, time).ConfigureAwait(false);
        }
        var limit = Math.Min(MaxFileBytes, file.Kind == LuccaFileHref.Kinds.Original ? options.CurrentValue.MaxOriginalBytes : options.CurrentValue.MaxPageBytes);
        if (response.Content.Headers.ContentLength > limit) throw new LuccaFileTooLargeException(limit);
        var bytes = await ReadBoundedAsync(response.Content, limit, cancellationToken).ConfigureAwait(false);
        var contentType = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
        var fileName = ContentDispositionFileName(response.Content.Headers.ContentDisposition);
        return new LuccaFile(bytes, contentType, fileName);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes, counted as they arrive: a chunked answer has no
    /// Content-Length to check beforehand, and a declared one may be wrong.</summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit) throw new LuccaFileTooLargeException(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private bool IsConfiguredTenant(Uri absolute) =>
        Uri.TryCreate(options.CurrentValue.BaseUrl, UriKind.Absolute, out var tenant)
        && string.Equals(tenant.Authority, absolute.Authority, StringComparison.OrdinalIgnoreCase)
        && tenant.Scheme == absolute.Scheme;

    private static string? ContentDispositionFileName(ContentDispositionHeaderValue? disposition) =>
        (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"');
}
