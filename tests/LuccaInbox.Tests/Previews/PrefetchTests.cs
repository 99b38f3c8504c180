using System.Diagnostics;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.InvoiceCheck;
using LuccaInbox.Web.Previews;

namespace LuccaInbox.Tests.Previews;

/// <summary>Issue 15: scans of the next documents are fetched ahead within Lucca:PrefetchShare of the budget, in the
/// optional lane, so people's actions never wait for them. Counted in the emulator's own request log.</summary>
public sealed class PrefetchTests
{
    private static int FileRequests(WebServicesHost host) =>
        host.Emulator.Requests.Count(r => r.Path.Contains("/api/files/", StringComparison.Ordinal));

    [Fact]
    public async Task Prefetch_spends_at_most_its_share_of_the_budget_in_a_window()
    {
        // 50 a minute, a fifth for prefetch: 10. Sync: 2 requests; plenty of room left in the optional lane.
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Lucca:RequestsPerMinute"] = "50", ["Lucca:WriteReservePercent"] = "0" });
        var prefetch = host.Get<PreviewPrefetch>();
        var fileIds = (await host.InboxItemsAsync()).Select(i => i.Document?.Attachments?.FirstOrDefault()?.FileId).OfType<string>().Distinct().Take(16).ToList();
        host.Emulator.Emulator.Requests.Clear();

        // 16 files in two bursts, as a clerk opening documents would start them: the share holds across calls.
        await prefetch.FetchAsync(fileIds[..8]);
        await prefetch.FetchAsync(fileIds[8..]);

        Assert.Equal(10, prefetch.Share);
        Assert.Equal(10, FileRequests(host));
        Assert.Equal(10, prefetch.SpentInWindow);
        // What was fetched ahead is on disk: showing it costs nothing.
        var shown = await host.Get<PreviewService>().GetPageAsync(fileIds[0], 1, CancellationToken.None);
        Assert.Equal("image/png", shown!.ContentType);
        Assert.Equal(10, FileRequests(host));
    }

    [Fact]
    public async Task Prefetch_yields_when_peoples_work_uses_the_budget_and_never_makes_them_wait()
    {
        // 10 a minute, prefetch allowed the whole budget: only the optional lane's room limits it (it leaves the write
        // reserve and a fifth of the limit to people: 4). Sync: 2 of 10; people's reads take 6 more: no room for prefetch.
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Lucca:RequestsPerMinute"] = "10", ["Lucca:PrefetchShare"] = "1" });
        var prefetch = host.Get<PreviewPrefetch>();
        var fileIds = (await host.InboxItemsAsync()).Select(i => i.Document?.Attachments?.FirstOrDefault()?.FileId).OfType<string>().Distinct().Take(5).ToList();
        for (var page = 1; page <= 6; page++) await host.Emulator.Api.GetInboxAsync(null, 1, page, null);
        host.Emulator.Emulator.Requests.Clear();
        var clock = Stopwatch.StartNew();

        await prefetch.FetchAsync(fileIds);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"prefetch waited {clock.Elapsed}");
        Assert.Equal(0, FileRequests(host));
        Assert.Equal(0, prefetch.SpentInWindow); // refused before it was sent: not counted
    }

    [Fact]
    public async Task Prefetch_leaves_people_the_budget_they_need()
    {
        // 10 a minute, prefetch allowed the whole budget: from a quiet start it takes only the optional lane's room
        // (10 - 2 reserved for writes - 2 left to people = 6, of which the sync took 2), and people's reads still go at once.
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Lucca:RequestsPerMinute"] = "10", ["Lucca:PrefetchShare"] = "1" });
        var prefetch = host.Get<PreviewPrefetch>();
        var fileIds = (await host.InboxItemsAsync()).Select(i => i.Document?.Attachments?.FirstOrDefault()?.FileId).OfType<string>().Distinct().Take(8).ToList();
        host.Emulator.Emulator.Requests.Clear();

        await prefetch.FetchAsync(fileIds);
        var prefetched = FileRequests(host);
        var clock = Stopwatch.StartNew();
        for (var page = 1; page <= 10 - 2 - prefetched - 2; page++) await host.Emulator.Api.GetInboxAsync(null, 1, page, null); // people's reads

        Assert.InRange(prefetched, 4, 4);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"people's reads waited {clock.Elapsed}");
    }

    [Fact]
    public async Task Prefetch_still_runs_on_a_busy_tenant_within_its_share()
    {
        // 50 a minute: colleagues' reads took 20 (plus the sync's 2). Prefetch may go until 10 (write reserve) + 10 (a fifth)
        // slots are left: 8 more, under its share of 10. (It used to leave half the budget, and never ran on a busy tenant.)
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Lucca:RequestsPerMinute"] = "50" });
        var prefetch = host.Get<PreviewPrefetch>();
        var fileIds = (await host.InboxItemsAsync()).Select(i => i.Document?.Attachments?.FirstOrDefault()?.FileId).OfType<string>().Distinct().Take(12).ToList();
        for (var page = 1; page <= 20; page++) await host.Emulator.Api.GetInboxAsync(null, 1, page, null);
        host.Emulator.Emulator.Requests.Clear();

        await prefetch.FetchAsync(fileIds);
        var clock = Stopwatch.StartNew();
        for (var page = 1; page <= 10; page++) await host.Emulator.Api.GetInboxAsync(null, 1, page, null); // people's reads

        Assert.Equal(8, FileRequests(host));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"people's reads waited {clock.Elapsed}");
    }

    [Fact]
    public async Task Ahead_fetches_the_first_pages_of_the_next_documents_in_the_persons_list_order()
    {
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Previews:PrefetchDocuments"] = "3" });
        var prefetch = host.Get<PreviewPrefetch>();
        var snapshot = await host.Inbox.GetAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var query = InboxQuery.FromQueryString("");
        var ordered = InboxQueries.FilterAndSort(snapshot.Rows, query, today).ToList();
        host.Emulator.Emulator.Requests.Clear();

        await prefetch.Ahead(ordered[4].InboxId, query, today);

        var storage = host.Get<PreviewStorage>();
        foreach (var next in ordered.Skip(5).Take(3))
        {
            var fileId = next.Item.Document!.Attachments!.First(a => a.ViewablePageCount > 0).FileId!;
            Assert.True(storage.Contains(PreviewService.PageKey(fileId, 1)), $"page 1 of {fileId} not fetched ahead");
            // and the original its fields are checked against (issue 16), within the same share
            var originalId = InvoiceOriginals.OriginalOf(next.Item.Document)!.FileId!;
            Assert.True(storage.Contains(PreviewService.OriginalKey(originalId)), $"the original {originalId} not fetched ahead");
        }
        Assert.Equal(3 + 3, FileRequests(host));
    }

    [Fact]
    public async Task A_page_of_a_known_document_never_waits_for_the_inbox_to_be_read_again()
    {
        // The snapshot is always stale here: every reader of the inbox would re-read it from Lucca.
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Lucca:InboxCacheSeconds"] = "0" });
        var fileId = (await host.InboxItemsAsync()).Select(i => i.Document?.Attachments?.FirstOrDefault(a => a.ViewablePageCount > 0)?.FileId).OfType<string>().First();
        host.Emulator.Emulator.Requests.Clear();

        var page = await host.Get<PreviewService>().GetPageAsync(fileId, 1, CancellationToken.None);

        Assert.Equal("image/png", page!.ContentType);
        Assert.DoesNotContain(host.Emulator.Requests, r => r.Path.EndsWith("/services/inbox", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_warm_up_reads_unread_originals_newest_first_within_the_share_and_then_nothing_more_in_that_window()
    {
        // 50 a minute, a fifth for fetching ahead: 10 originals at most per window, whatever the inbox holds.
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Lucca:RequestsPerMinute"] = "50" });
        var prefetch = host.Get<PreviewPrefetch>();
        var checks = host.Get<DocumentChecks>();
        var rows = (await host.Inbox.GetAsync()).Rows;
        host.Emulator.Emulator.Requests.Clear();

        await prefetch.WarmOriginalsAsync();
        await prefetch.WarmOriginalsAsync();

        Assert.Equal(10, FileRequests(host));
        var newest = rows.OrderByDescending(r => r.ReceivedAt).Where(r => InvoiceOriginals.OriginalOf(r.Item.Document) is not null).Take(10);
        Assert.All(newest, r => Assert.True(checks.OriginalIsRead(r.Item.Document), $"the original of {r.InboxId} was not read"));
    }
}

