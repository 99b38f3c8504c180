using System.Collections.Concurrent;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Booked;
using LuccaInbox.Web.Inbox;
using SkiaSharp;

namespace LuccaInbox.Web.Previews;

public sealed record PreviewImage(byte[] Content, string ContentType, bool IsPlaceholder = false);

/// <summary>
/// Page images and thumbnails for the browser, fetched through the Lucca client (so they count against the shared
/// budget and carry the key server-side only). A file is served only if it is an attachment of a document the app
/// currently knows (inbox snapshot or a booked document it has shown), and only within its page count; an attachment
/// without a page template shows its display rendering as its only page (API-FACTS §1.3, §13). What Lucca answers is
/// served only as a PNG, JPEG or PDF proven by its bytes (<see cref="PageContent"/>); otherwise a placeholder. Each
/// accepted answer is cached on disk by file id + page, so the same page for ten users costs one Lucca request.
/// </summary>
public sealed class PreviewService(LuccaFiles files, InboxService inbox, BookedService booked, PreviewStorage storage, ILogger<PreviewService> logger)
{
    public const int ThumbnailWidth = 96;

    private static readonly byte[] PlaceholderThumbnail = System.Text.Encoding.UTF8.GetBytes(
        """<svg xmlns="http://www.w3.org/2000/svg" width="96" height="136" viewBox="0 0 96 136"><rect width="96" height="136" fill="#f4f5f7" stroke="#d0d4da"/><path d="M20 30h56M20 44h56M20 58h40M20 90h56M20 104h30" stroke="#c3c8cf" stroke-width="4"/></svg>""");
    private static readonly byte[] RefusedPage = System.Text.Encoding.UTF8.GetBytes(
        """<svg xmlns="http://www.w3.org/2000/svg" width="600" height="848" viewBox="0 0 600 848"><rect width="600" height="848" fill="#f4f5f7" stroke="#d0d4da"/><text x="300" y="410" font-family="sans-serif" font-size="22" text-anchor="middle" fill="#5f6b7a">This page cannot be shown here.</text><text x="300" y="445" font-family="sans-serif" font-size="16" text-anchor="middle" fill="#5f6b7a">Download the original instead.</text></svg>""");
    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> _inFlight = new();

    public static PreviewImage Refused => new(RefusedPage, "image/svg+xml", IsPlaceholder: true);

    public async Task<Attachment?> FindAttachmentAsync(string fileId, CancellationToken cancellationToken)
    {
        // A file of a document the app already knows is served at once: a page never waits for the inbox's periodic re-sync.
        if (inbox.Current.AttachmentsByFileId.GetValueOrDefault(fileId) is { } known) return known;
        var snapshot = await inbox.GetAsync(cancellationToken: cancellationToken);
        return snapshot.AttachmentsByFileId.GetValueOrDefault(fileId) ?? booked.FindAttachment(fileId);
    }

    /// <summary>Page <paramref name="pageNumber"/> as PNG, JPEG or PDF; <see cref="Refused"/> when Lucca's answer is none
    /// of them or too large; null when the file or page is unknown.</summary>
    public async Task<PreviewImage?> GetPageAsync(string fileId, int pageNumber, CancellationToken cancellationToken)
    {
        if (await FindAttachmentAsync(fileId, cancellationToken) is not { } attachment
            || pageNumber < 1 || pageNumber > attachment.ViewablePageCount) return null;
        try
        {
            var bytes = await CachedAsync(PageKey(fileId, pageNumber), () => FetchPageAsync(attachment, pageNumber));
            return PageContent.Sniff(bytes) is { } type ? new PreviewImage(bytes, type) : Refused;
        }
        catch (Exception e) when (e is UnshowablePageException or LuccaFileTooLargeException)
        {
            logger.LogWarning("Page {Page} of {FileId} is not shown: {Reason}", pageNumber, fileId, e.Message);
            return Refused;
        }
    }

    public async Task<PreviewImage?> GetThumbnailAsync(string fileId, CancellationToken cancellationToken)
    {
        if (await FindAttachmentAsync(fileId, cancellationToken) is not { } attachment || attachment.ViewablePageCount < 1) return null;
        var thumbnailKey = $"{fileId}-thumb.jpg";
        if (storage.TryRead(thumbnailKey) is { } cached) return new PreviewImage(cached, "image/jpeg");
        try
        {
            // Thumbnails are optional: fetched only if the budget has room now (see OptionalRequests), never queued.
            using var optional = OptionalRequests.Begin();
            var page = await CachedAsync(PageKey(fileId, 1), () => FetchPageAsync(attachment, 1));
            // A PDF page would need a PDF renderer, which the app does not have: the placeholder stands for it.
            if (PageContent.Sniff(page) is not (PageContent.Png or PageContent.Jpeg)) return Placeholder();
            var bytes = await CachedAsync(thumbnailKey, () => Task.FromResult(Thumbnail(page)));
            return new PreviewImage(bytes, "image/jpeg");
        }
        catch (Exception e) when (e is LuccaBudgetBusyException or UnshowablePageException or LuccaFileTooLargeException)
        {
            return Placeholder();
        }
    }

    public async Task<LuccaFile?> GetOriginalAsync(string fileId, CancellationToken cancellationToken) =>
        await FindAttachmentAsync(fileId, cancellationToken) is { } attachment
            ? await files.GetOriginalAsync(attachment, cancellationToken)
            : null;

    /// <summary>The original file's bytes, kept on disk with the page images: read from Lucca once, whoever asks.</summary>
    public Task<byte[]> GetOriginalBytesAsync(Attachment attachment) =>
        CachedAsync(OriginalKey(attachment.FileId ?? throw new ArgumentException("The attachment has no file id.", nameof(attachment))),
            async () => (await files.GetOriginalAsync(attachment, CancellationToken.None)).Content);

    public static string OriginalKey(string fileId) => $"{fileId}.original";

    private static PreviewImage Placeholder() => new(PlaceholderThumbnail, "image/svg+xml", IsPlaceholder: true);

    public static string PageKey(string fileId, int pageNumber) => $"{fileId}-p{pageNumber}.page";

    private async Task<byte[]> FetchPageAsync(Attachment attachment, int pageNumber)
    {
        var file = attachment.ShowsDisplay(pageNumber)
            ? await files.GetDisplayAsync(attachment, CancellationToken.None)
            : await files.GetPageAsync(attachment, pageNumber, CancellationToken.None);
        return PageContent.Recognise(file.ContentType, file.Content) is not null
            ? file.Content
            : throw new UnshowablePageException($"Lucca answered {file.ContentType} ({file.Content.Length} bytes) that is not a PNG, JPEG or PDF");
    }

    /// <summary>Disk first; otherwise one fetch per key however many requests wait for it. The fetch runs in the lane of
    /// the request that started it: a required request (a page) that joined an optional fetch (a thumbnail's) which the
    /// budget refused fetches again in its own lane, where it waits for room instead of being refused.</summary>
    private async Task<byte[]> CachedAsync(string key, Func<Task<byte[]>> fetch)
    {
        try
        {
            return await SharedAsync(key, fetch);
        }
        catch (LuccaBudgetBusyException) when (!OptionalRequests.AreOptional)
        {
            var bytes = await fetch();
            storage.Write(key, bytes);
            return bytes;
        }
    }

    private async Task<byte[]> SharedAsync(string key, Func<Task<byte[]>> fetch)
    {
        if (storage.TryRead(key) is { } cached) return cached;
        var lazy = _inFlight.GetOrAdd(key, _ => new Lazy<Task<byte[]>>(async () =>
        {
            var bytes = await fetch();
            storage.Write(key, bytes);
            return bytes;
        }));
        try
        {
            return await lazy.Value;
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, lazy));
        }
    }

    private static byte[] Thumbnail(byte[] page)
    {
        // A PNG or JPEG by its magic bytes may still be broken: Skia then returns null or throws, depending on the damage.
        SKBitmap? decoded;
        try
        {
            decoded = SKBitmap.Decode(page);
        }
        catch (Exception e)
        {
            throw new UnshowablePageException($"The first page could not be decoded for its thumbnail: {e.Message}");
        }
        using var source = decoded ?? throw new UnshowablePageException("The first page could not be decoded for its thumbnail");
        if (source.Width < 1 || source.Height < 1) throw new UnshowablePageException("The first page has no pixels");
        var height = (int)Math.Round(source.Height * (ThumbnailWidth / (double)source.Width));
        using var resized = source.Resize(new SKImageInfo(ThumbnailWidth, Math.Max(1, height)), new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw new UnshowablePageException("The first page could not be resized for its thumbnail");
        using var image = SKImage.FromBitmap(resized);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }
}

/// <summary>A page answer that is not a PNG, JPEG or PDF by its bytes and content type (never cached: may be a passing error page).</summary>
public sealed class UnshowablePageException(string message) : Exception(message);
