using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Inbox;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Web.Previews;

/// <summary>
/// Fetches ahead the first page image of the next documents in the list a person is going through, so "next" shows a scan
/// from the cache instead of waiting on Lucca. Never at the cost of people's actions: each fetch goes in the optional lane
/// (<see cref="OptionalRequests"/>: sent only if the budget has room now, never queued), and prefetches that reach Lucca
/// are counted in a window as long as the budget's, at most <c>Lucca:PrefetchShare</c> of <c>Lucca:RequestsPerMinute</c>.
/// A page already on disk costs nothing and is not counted.
/// </summary>
public sealed class PreviewPrefetch(InboxService inbox, PreviewService previews, InvoiceCheck.DocumentChecks checks, PreviewStorage storage, IOptionsMonitor<LuccaOptions> options,
    IConfiguration configuration, TimeProvider time, ILogger<PreviewPrefetch> logger)
{
    private readonly List<DateTimeOffset> _spent = [];
    private readonly Lock _lock = new();

    /// <summary>How many documents after the current one are fetched ahead (<c>Previews:PrefetchDocuments</c>, default 3).</summary>
    public int Depth => Math.Clamp(configuration.GetValue("Previews:PrefetchDocuments", 3), 0, 20);

    /// <summary>The most prefetches that may reach Lucca in one budget window.</summary>
    public int Share => (int)Math.Floor(Math.Max(0, options.CurrentValue.RequestsPerMinute) * Math.Clamp(options.CurrentValue.PrefetchShare, 0, 1));

    /// <summary>Prefetches that reached Lucca in the current window.</summary>
    public int SpentInWindow { get { lock (_lock) { Expire(); return _spent.Count; } } }

    /// <summary>Starts fetching ahead for a person on <paramref name="inboxId"/> in the list <paramref name="query"/> orders;
    /// returns at once (the work runs in the background). The returned task is for tests and the benchmark.</summary>
    public Task Ahead(int inboxId, InboxQuery query, DateOnly today)
    {
        if (Depth == 0 || Share == 0) return Task.CompletedTask;
        var ordered = InboxQueries.FilterAndSort(inbox.Current.Rows, query, today, checks.Marks).ToList();
        var index = ordered.FindIndex(r => r.InboxId == inboxId);
        var next = ordered.Skip(index + 1).Take(Depth).Select(r => r.Item.Document).OfType<Document>().ToList();
        var fileIds = next.Select(d => d.Attachments?.FirstOrDefault(a => a.ViewablePageCount > 0)?.FileId).OfType<string>().ToList();
        return next.Count == 0 ? Task.CompletedTask : Task.Run(() => QuietlyAsync(async () =>
        {
            // The scans first (what the clerk sees at once), then the originals their fields are checked against.
            await FetchAsync(fileIds);
            await FetchOriginalsAsync(next);
        }));
    }

    /// <summary>Reads, within the same share, the originals of inbox documents not read yet (newest first), so the grid can
    /// flag the ones whose fields differ from the invoice. Called now and then by <see cref="OriginalsWarmUp"/>.</summary>
    public Task WarmOriginalsAsync() =>
        FetchOriginalsAsync(inbox.Current.Rows.OrderByDescending(r => r.ReceivedAt).Select(r => r.Item.Document).OfType<Document>()
            .Where(d => !checks.OriginalIsRead(d)).Take(Math.Max(0, Share - SpentInWindow)).ToList());

    /// <summary>The originals of these documents, in order, until the share or the budget's spare room runs out.</summary>
    public async Task FetchOriginalsAsync(IReadOnlyList<Document> documents)
    {
        foreach (var document in documents)
        {
            if (InvoiceCheck.InvoiceOriginals.OriginalOf(document) is null || checks.OriginalIsRead(document)) continue;
            if (!await SpendOnAsync(() => checks.ReadOriginalAsync(document))) return;
        }
    }

    // Nobody awaits the page's call: whatever goes wrong ahead of time is logged, never left as an unobserved fault.
    private async Task QuietlyAsync(Func<Task> fetch)
    {
        try
        {
            await fetch();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Fetching scans ahead stopped");
        }
    }

    /// <summary>The first pages of these files, in order, until the share or the budget's spare room runs out.</summary>
    public async Task FetchAsync(IReadOnlyList<string> fileIds)
    {
        foreach (var fileId in fileIds)
        {
            if (storage.Contains(PreviewService.PageKey(fileId, 1))) continue;
            if (!await SpendOnAsync(() => previews.GetPageAsync(fileId, 1, CancellationToken.None))) return;
        }
    }

    /// <returns>False when the share is spent or the budget has no spare room: stop fetching ahead for now.</returns>
    private async Task<bool> SpendOnAsync(Func<Task> fetch)
    {
        if (!TrySpend()) return false;
        try
        {
            using var optional = OptionalRequests.BeginFetchAhead();
            await fetch();
            return true;
        }
        catch (LuccaBudgetBusyException)
        {
            Refund(); // refused before it was sent: it cost nothing
            return false; // people need the budget now: try again on the next document opened
        }
        catch (Exception e) when (LuccaInbox.Web.LuccaAccess.LuccaErrors.IsLuccaFailure(e))
        {
            logger.LogDebug(e, "A fetch ahead failed");
            return true;
        }
    }

    private bool TrySpend()
    {
        lock (_lock)
        {
            Expire();
            if (_spent.Count >= Share) return false;
            _spent.Add(time.GetUtcNow());
            return true;
        }
    }

    private void Refund()
    {
        lock (_lock) if (_spent.Count > 0) _spent.RemoveAt(_spent.Count - 1);
    }

    private void Expire()
    {
        var window = options.CurrentValue.RateLimitWindow;
        while (_spent.Count > 0 && time.GetUtcNow() - _spent[0] >= window) _spent.RemoveAt(0);
    }
}
