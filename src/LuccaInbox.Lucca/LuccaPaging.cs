using System.Net;
using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Lucca;

/// <summary>
/// Reads a whole collection the way the guide says (seed 000): one call with fields.root=count and the filters, then
/// pages 1, 2, … with the same filters until the items fetched reach the count. It never loops: it stops on an empty
/// page, on a page that adds nothing new, and at a deadline. A 408 on a large page ("retry with a simplified request",
/// API-FACTS §0.5) halves the page size for the rest of the read.
/// </summary>
public static class LuccaPaging
{
    public const int MaxPageSize = 1000;
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromMinutes(10);
    private const int SmallestPageSize = 25;

    public delegate Task<LuccaCollection<T>> PageFetcher<T>(int limit, int? page, string? fieldsRoot, CancellationToken cancellationToken);

    public static Task<IReadOnlyList<InboxItem>> GetAllInboxItemsAsync(this ILuccaInvoicesApi api,
        IDictionary<string, string>? filters = null, int pageSize = MaxPageSize, CancellationToken cancellationToken = default) =>
        FetchAllAsync<InboxItem>((limit, page, root, ct) => api.GetInboxAsync(filters, limit, page, root, ct),
            item => item.Id > 0 ? item.Id : null, pageSize, cancellationToken);

    public static Task<IReadOnlyList<BookedDocument>> GetAllBookedDocumentsAsync(this ILuccaInvoicesApi api,
        IDictionary<string, string>? filters = null, int pageSize = MaxPageSize, CancellationToken cancellationToken = default) =>
        FetchAllAsync<BookedDocument>((limit, page, root, ct) => api.GetBookedDocumentsAsync(filters, limit, page, root, ct),
            doc => doc.Id > 0 ? doc.Id : null, pageSize, cancellationToken);

    public static Task<IReadOnlyList<Supplier>> GetAllSuppliersAsync(this ILuccaInvoicesApi api, int pageSize = MaxPageSize,
        CancellationToken cancellationToken = default) =>
        FetchAllAsync<Supplier>((limit, page, root, ct) => api.GetSuppliersAsync(null, limit, page, root, ct),
            supplier => supplier.Id > 0 ? supplier.Id : null, pageSize, cancellationToken);

    /// <param name="keyOf">What makes an item the same item when pages shift; null when it cannot be told (always kept).</param>
    public static async Task<IReadOnlyList<T>> FetchAllAsync<T>(PageFetcher<T> fetch, Func<T, object?> keyOf, int pageSize,
        CancellationToken cancellationToken, TimeSpan? deadline = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline ?? DefaultDeadline);
        var ct = timeout.Token;
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        // limit=0 asks for the count alone, as Lucca's own front end does (API-FACTS §0.3): no items are transferred twice.
        var counted = await fetch(0, null, "count", ct).ConfigureAwait(false);
        var total = counted.Count ?? throw new LuccaApiException("Lucca did not return the count asked for with fields.root=count.");

        var items = new List<T>(Math.Min(total, 100_000));
        var seen = new HashSet<object>();
        var read = 0; // items read at the current page size: where the next page starts
        while (items.Count < total)
        {
            LuccaCollection<T> result;
            try
            {
                result = await fetch(pageSize, read / pageSize + 1, null, ct).ConfigureAwait(false);
            }
            catch (LuccaApiException e) when (e.StatusCode == HttpStatusCode.RequestTimeout && pageSize > SmallestPageSize && read % (pageSize / 2) == 0)
            {
                pageSize /= 2;
                continue;
            }
            if (result.Items is not { Count: > 0 } pageItems) break; // the collection shrank while we read it: what we have is all there is
            // An item added meanwhile shifts the pages, so one can appear twice; keep it once.
            var added = 0;
            foreach (var item in pageItems)
            {
                if (keyOf(item) is { } key && !seen.Add(key)) continue;
                items.Add(item);
                added++;
            }
            read += pageItems.Count;
            if (added == 0) break;
        }
        return items;
    }
}
