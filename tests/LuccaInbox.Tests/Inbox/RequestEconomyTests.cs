using LuccaInbox.Tests.Lucca;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Previews;

namespace LuccaInbox.Tests.Inbox;

/// <summary>Every Lucca request counts against the tenant's 50 per minute: these pin down what the app spends.</summary>
public sealed class RequestEconomyTests
{
    private static readonly AppUserFactory Users = new();

    [Fact]
    public async Task Ten_concurrent_readers_of_a_stale_snapshot_cause_one_sync()
    {
        await using var host = await WebServicesHost.StartAsync(documents: 2500);

        var snapshots = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => host.Inbox.GetAsync())));

        Assert.All(snapshots, s => Assert.Same(snapshots[0], s));
        Assert.Equal(2500, snapshots[0].Items.Count);
        Assert.Equal(1 + 3, host.Emulator.Requests.Count); // one count call and three pages of 1000
    }

    [Fact]
    public async Task A_save_and_a_booking_update_the_snapshot_without_reading_the_inbox_again()
    {
        // Which id the write paths take is known (as check-lucca leaves it): no inbox read before the first write.
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Lucca:InboxDocumentsId"] = "InboxItem" });
        var items = await host.BookableItemsAsync();
        var (toSave, toBook) = (items[0], items[1]);
        host.Emulator.Emulator.Requests.Clear();

        var saved = await host.Saving.SaveAsync(Users.Admin, toSave, toSave.Document! with { AccountingLabel = "Economy check" });
        var booked = await host.Booking.BookAsync(Users.Admin, toBook);

        Assert.Equal(LuccaInbox.Web.Documents.SaveStatus.Saved, saved.Status);
        Assert.Equal(LuccaInbox.Web.Documents.BookStatus.Booked, booked.Status);
        var snapshot = await host.Inbox.GetAsync();
        Assert.Equal("Economy check", snapshot.ById[toSave.Id].Item.Document!.AccountingLabel);
        Assert.False(snapshot.ById.ContainsKey(toBook.Id));
        Assert.DoesNotContain(host.Emulator.Requests, r => r.Path == "/cleemy-procurement/services/inbox");
        // Version check and save; version check (Lucca books what it holds, which must be what was confirmed) and booking.
        // The first booking also reads the booked documents once, to check for duplicates, and the suppliers (their bank
        // accounts); the booked document's original is read once, to check its fields against the invoice itself.
        static bool IsCheckRead(string path) => path.EndsWith("/booked-documents", StringComparison.Ordinal)
            || path.Contains("/api/suppliers", StringComparison.Ordinal) || path.Contains("/api/purchases", StringComparison.Ordinal)
            || path.Contains("/api/files/", StringComparison.Ordinal);
        Assert.Equal(["GET", "PUT", "GET", "POST"], host.Emulator.Requests.Where(r => !IsCheckRead(r.Path)).Select(r => r.Method));
        Assert.Single(host.Emulator.Requests, r => r.Path.Contains("/api/files/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_page_image_for_many_users_costs_one_request_then_none()
    {
        await using var host = await WebServicesHost.StartAsync();
        var previews = host.Get<PreviewService>(); // its image cache is in the host's own new folder
        var fileId = (await host.InboxItemsAsync()).First().Document!.Attachments![0].File!.Id!;
        host.Emulator.Emulator.Requests.Clear();

        var images = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => previews.GetPageAsync(fileId, 1, CancellationToken.None)));
        var fileRequests = host.Emulator.Requests.Count(r => r.Path.Contains("/api/files/", StringComparison.Ordinal));
        var again = await previews.GetPageAsync(fileId, 1, CancellationToken.None);

        Assert.All(images, i => Assert.Equal("image/png", i!.ContentType));
        Assert.Equal(1, fileRequests);
        Assert.Equal(images[0]!.Content, again!.Content);
        Assert.Equal(1, host.Emulator.Requests.Count(r => r.Path.Contains("/api/files/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_thumbnail_never_waits_for_the_budget_a_placeholder_stands_in()
    {
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Lucca:RequestsPerMinute"] = "10" });
        var previews = host.Get<PreviewService>(); // its image cache is in the host's own new folder
        var fileId = (await host.InboxItemsAsync()).First().Document!.Attachments![0].File!.Id!; // the sync: 2 of the 10
        for (var page = 1; page <= 6; page++) await host.Emulator.Api.GetInboxAsync(null, 1, page, null); // people's work: 8 of 10
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var thumbnail = await previews.GetThumbnailAsync(fileId, CancellationToken.None);

        Assert.True(thumbnail!.IsPlaceholder);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"waited {clock.Elapsed}");
        Assert.DoesNotContain(host.Emulator.Requests, r => r.Path.Contains("/api/files/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Against_a_strict_tenant_limit_the_shared_budget_sends_no_request_that_gets_a_429()
    {
        await using var host = await LuccaTestHost.StartAsync(
            // A four-second "minute": short enough for a test, long enough that a loaded 2-core machine's scheduling delays
            // stay inside the client's window margin (0.4 s; with one or two seconds, CI runs at load 30-40 saw five or six 429s).
            emulatorSettings: new Dictionary<string, string?> { ["Emulator:RequestsPerMinute"] = "10", ["Emulator:RateLimitWindowSeconds"] = "4" },
            clientSettings: new Dictionary<string, string?> { ["Lucca:RequestsPerMinute"] = "10", ["Lucca:RateLimitWindow"] = "00:00:04" });
        var api = host.Api;
        // Warm up (connection, JIT) and let that request's window pass: a cold first request can take longer than
        // this test's four-second "minute", which no margin at Lucca's real one-minute scale needs to absorb. The client's
        // window is the emulator's plus a margin, so once the client counts nothing in it, neither does the emulator.
        await api.GetInboxAsync(null, 1, 1, null);
        var budget = host.Limiter();
        await Eventually.TrueAsync(() => budget.UsedInWindow == 0, "the warm-up request to leave the budget window");
        host.Emulator.Requests.Clear();

        await Task.WhenAll(Enumerable.Range(1, 35).Select(page => api.GetInboxAsync(null, 1, page, null)));

        Assert.Equal(35, host.Requests.Count);
        Assert.DoesNotContain(host.Requests, r => r.Status == 429);
    }

    private sealed class AppUserFactory
    {
        public LuccaInbox.Web.Auth.AppUser Admin { get; } = new LuccaInbox.Web.Auth.AppUser("economy-admin", "Economy Admin", "admin@economy.test", LuccaInbox.Web.Auth.AppRoles.All.ToHashSet(), false);
    }
}
