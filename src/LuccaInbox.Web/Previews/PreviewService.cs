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
/// currently knows (inbox snapshot or a booked document it has shown), and only within its page count. Each image
/// is cached on disk by file id + page, so the same page for ten users costs one Lucca request.
/// </summary>
public sealed class PreviewService(LuccaFiles files, InboxService inbox, BookedService booked, PreviewStorage storage, ILogger<PreviewService> logger)
{
    public const int ThumbnailWidth = 96;

    private static readonly byte[] PlaceholderThumbnail = System.Text.Encoding.UTF8.GetBytes(
        """<svg xmlns="http://www.w3.org/2000/svg" width="96" height="136" viewBox="0 0 96 136"><rect width="96" height="136" fill="#f4f5f7" stroke="#d0d4da"/><path d="M20 30h56M20 44h56M20 58h40M20 90h56M20 104h30" stroke="#c3c8cf" stroke-width="4"/></svg>""");
    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> _inFlight = new();

    public async Task<Attachment?> FindAttachmentAsync(string fileId, CancellationToken cancellationToken)
    {
        var snapshot = await inbox.GetAsync(cancellationToken: cancellationToken);
        return snapshot.AttachmentsByFileId.GetValueOrDefault(fileId) ?? booked.FindAttachment(fileId);
    }

    public async Task<PreviewImage?> GetPageAsync(string fileId, int pageNumber, CancellationToken cancellationToken)
    {
        if (await FindAttachmentAsync(fileId, cancellationToken) is not { } attachment || attachment.PageHref(pageNumber) is null) return null;
        var bytes = await CachedAsync($"{fileId}-p{pageNumber}.png", () => FetchPageAsync(attachment, pageNumber));
        return new PreviewImage(bytes, "image/png");
    }

    public async Task<PreviewImage?> GetThumbnailAsync(string fileId, CancellationToken cancellationToken)
    {
        if (await FindAttachmentAsync(fileId, cancellationToken) is not { } attachment || attachment.PageHref(1) is null) return null;
        try
        {
            // Thumbnails are optional: fetched only if the budget has room now (see OptionalRequests), never queued.
            using var optional = OptionalRequests.Begin();
            var bytes = await CachedAsync($"{fileId}-thumb.jpg", async () =>
            {
                var page = await CachedAsync($"{fileId}-p1.png", () => FetchPageAsync(attachment, 1));
                return Thumbnail(page);
            });
            return new PreviewImage(bytes, "image/jpeg");
        }
        catch (LuccaBudgetBusyException)
        {
            return new PreviewImage(PlaceholderThumbnail, "image/svg+xml", IsPlaceholder: true);
        }
    }

    public async Task<LuccaFile?> GetOriginalAsync(string fileId, CancellationToken cancellationToken) =>
        await FindAttachmentAsync(fileId, cancellationToken) is { } attachment
            ? await files.GetOriginalAsync(attachment, cancellationToken)
            : null;

    private async Task<byte[]> FetchPageAsync(Attachment attachment, int pageNumber) =>
        (await files.GetPageAsync(attachment, pageNumber, CancellationToken.None)).Content;

    /// <summary>Disk first; otherwise one fetch per key however many requests wait for it.</summary>
    private async Task<byte[]> CachedAsync(string key, Func<Task<byte[]>> fetch)
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

    private byte[] Thumbnail(byte[] png)
    {
        using var source = SKBitmap.Decode(png);
        if (source is null)
        {
            logger.LogWarning("A page image could not be decoded for its thumbnail");
            return png;
        }
        var height = (int)Math.Round(source.Height * (ThumbnailWidth / (double)source.Width));
        using var resized = source.Resize(new SKImageInfo(ThumbnailWidth, Math.Max(1, height)), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var image = SKImage.FromBitmap(resized);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }
}

/// <summary>Immutable images on disk under the data folder. Keys are built from validated file ids only.</summary>
public sealed class PreviewStorage(string folder)
{
    private readonly string _folder = Directory.CreateDirectory(folder).FullName;

    public byte[]? TryRead(string key)
    {
        var path = PathFor(key);
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Write(string key, byte[] content)
    {
        var path = PathFor(key);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            File.Delete(temporary); // a full disk only costs the cache, never the answer
        }
    }

    private string PathFor(string key) =>
        key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') && !key.Contains("..", StringComparison.Ordinal)
            ? Path.Combine(_folder, key)
            : throw new ArgumentException("Invalid cache key.", nameof(key));
}
