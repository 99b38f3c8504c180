using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Lucca;

/// <summary>
/// Reads a whole collection the way the guide says (seed 000): one call with fields.root=count and the
/// filters, then pages 1, 2, … with the same filters until the items fetched reach the count.
/// </summary>
public static class LuccaPaging
{
    public const int MaxPageSize = 1000;

    public delegate Task<LuccaCollection<T>> PageFetcher<T>(int limit, int? page, string? fieldsRoot, CancellationToken cancellationToken);

    public static Task<IReadOnlyList<InboxItem>> GetAllInboxItemsAsync(this ILuccaInvoicesApi api,
        IDictionary<string, string>? filters = null, int pageSize = MaxPageSize, CancellationToken cancellationToken = default) =>
        FetchAllAsync<InboxItem>((limit, page, root, ct) => api.GetInboxAsync(filters, limit, page, root, ct), item => item.Id, pageSize, cancellationToken);

    public static Task<IReadOnlyList<BookedDocument>> GetAllBookedDocumentsAsync(this ILuccaInvoicesApi api,
        IDictionary<string, string>? filters = null, int pageSize = MaxPageSize, CancellationToken cancellationToken = default) =>
        FetchAllAsync<BookedDocument>((limit, page, root, ct) => api.GetBookedDocumentsAsync(filters, limit, page, root, ct), doc => doc.Id, pageSize, cancellationToken);

    public static async Task<IReadOnlyList<T>> FetchAllAsync<T>(PageFetcher<T> fetch, Func<T, int> idOf, int pageSize, CancellationToken cancellationToken)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        // limit=0 asks for the count alone, as Lucca's own front end does (API-FACTS §0.3): no items are transferred twice.
        var counted = await fetch(0, null, "count", cancellationToken).ConfigureAwait(false);
        var total = counted.Count ?? throw new LuccaApiException("Lucca did not return the count asked for with fields.root=count.");

        var items = new List<T>(Math.Min(total, 100_000));
        var seen = new HashSet<int>();
        for (var page = 1; items.Count < total; page++)
        {
            var result = await fetch(pageSize, page, null, cancellationToken).ConfigureAwait(false);
            if (result.Items is not { Count: > 0 } pageItems)
            {
                break; // the collection shrank while we read it: what we have is all there is
            }
            // An item added meanwhile shifts the pages, so one can appear twice; keep it once.
            items.AddRange(pageItems.Where(item => seen.Add(idOf(item))));
        }
        return items;
    }
}
