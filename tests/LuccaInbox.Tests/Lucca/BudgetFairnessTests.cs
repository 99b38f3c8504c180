using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Booked;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.LuccaAccess;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LuccaInbox.Tests.Lucca;

/// <summary>Security review item 1: one viewer cannot lock everyone out of Lucca's budget.</summary>
public sealed class BudgetFairnessTests
{
    [Fact]
    public async Task Budget_reads_cannot_take_the_write_reserve_and_a_write_never_waits_behind_them()
    {
        var time = new FakeClock();
        using var limiter = new SlidingWindowLogRateLimiter(10, TimeSpan.FromMinutes(1), time);
        var reserve = LuccaRateLimitHandler.WriteReserve(limiter.CurrentLimit, percent: 20);
        Assert.Equal(2, reserve);

        var reads = Enumerable.Range(0, 30).Select(_ => limiter.AcquireReadAsync(reserve).AsTask()).ToList();
        // The reads' lane has done all it can before time moves on: its head waits on the clock, the granted ones are back.
        await Eventually.TrueAsync(() => time.Parked == 1 && reads.Count(t => t.IsCompleted) == limiter.GetStatistics().TotalSuccessfulLeases,
            "the reads to settle");
        Assert.Equal(8, reads.Count(t => t.IsCompletedSuccessfully));

        // A save and a booking arriving behind thirty reads are granted at once, from the reserve, with no time passing.
        var save = limiter.AcquireAsync(1).AsTask();
        var book = limiter.AcquireAsync(1).AsTask();
        using var saved = await Eventually.WithinAsync(save, "a save behind thirty reads");
        using var booked = await Eventually.WithinAsync(book, "a booking behind thirty reads");
        Assert.True(saved.IsAcquired && booked.IsAcquired);
        Assert.Equal(10, limiter.UsedInWindow);
        Assert.Equal(8, reads.Count(t => t.IsCompletedSuccessfully));
    }

    [Theory]
    [InlineData(50, 20, 10)]
    [InlineData(3, 20, 1)]
    [InlineData(1, 20, 1)]
    [InlineData(50, 0, 0)]
    public void Budget_write_reserve_is_a_share_of_the_limit_in_force_and_at_least_one(int limit, int percent, int expected) =>
        Assert.Equal(expected, LuccaRateLimitHandler.WriteReserve(limit, percent));

    [Fact]
    public void Budget_per_user_share_stops_one_person_and_nobody_else()
    {
        var time = new FakeTimeProvider();
        using var share = new UserActionLimiter(Options.Create(new LuccaOptions { PerUserActionsPerMinute = 3 }), time);
        for (var i = 0; i < 3; i++) share.Spend(Viewer);

        var refused = Assert.Throws<UserOverShareException>(() => share.Spend(Viewer));
        Assert.Equal("You are going fast: wait a few seconds.", refused.Message);
        Assert.Equal(TimeSpan.FromMinutes(1), refused.RetryAfter);
        share.Spend(TestUsers.Editor); // a colleague still has their whole share

        time.Advance(TimeSpan.FromMinutes(1));
        share.Spend(Viewer);
    }

    [Fact]
    public async Task Booked_detail_is_read_from_Lucca_once_however_many_open_it()
    {
        await using var host = await WebServicesHost.StartAsync();
        var id = (await BookedInvoiceIdsAsync(host))[0];
        var booked = host.Get<BookedService>();
        host.Emulator.Emulator.Requests.Clear();

        var reads = Enumerable.Range(0, 40).Select(_ => booked.GetInvoiceAsync(Viewer, id)).ToList();
        await Task.WhenAll(reads);
        await booked.GetInvoiceAsync(TestUsers.Editor, id);

        Assert.All(reads, r => Assert.Equal(id, r.Result.Id));
        Assert.Single(host.Emulator.Requests, r => r.Path.Contains("/invoices/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Booked_detail_read_stops_queueing_when_the_browser_hangs_up()
    {
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?>
        {
            ["Lucca:RequestsPerMinute"] = "5", ["Lucca:RateLimitWindow"] = "00:00:30", ["Lucca:WriteReservePercent"] = "0",
        });
        var ids = await BookedInvoiceIdsAsync(host);
        var limiter = host.Emulator.Limiter();
        while (limiter.UsedInWindow < 5) await host.Emulator.Api.GetInboxAsync(null, 1, 1, null);
        using var hangUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Get<BookedService>().GetInvoiceAsync(Viewer, ids[0], hangUp.Token));

        await Eventually.TrueAsync(() => limiter.GetStatistics().CurrentQueuedCount == 0, "the cancelled read to leave the queue");
        Assert.Equal(5, limiter.UsedInWindow);
    }

    /// <summary>The review's scenario, scaled to a 10-per-second budget (client and emulator alike).</summary>
    [Fact]
    public async Task Budget_a_viewers_flood_delays_a_save_and_a_booking_by_at_most_one_window()
    {
        var window = TimeSpan.FromSeconds(1);
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?>
        {
            ["Lucca:RequestsPerMinute"] = "10", ["Lucca:RateLimitWindow"] = "00:00:01", ["Lucca:PerUserActionsPerMinute"] = "5",
        }, documents: 40, emulatorSettings: new Dictionary<string, string?>
        {
            ["Emulator:RequestsPerMinute"] = "10", ["Emulator:RateLimitWindowSeconds"] = "1",
        });
        var ids = await BookedInvoiceIdsAsync(host);
        var items = await host.BookableItemsAsync();

        var normal = await SaveAndBookAsync(host, items[0], items[1]);
        var budget = host.Emulator.Limiter();
        await Eventually.TrueAsync(() => budget.UsedInWindow == 0, "the baseline's requests to leave the budget window");

        var overShare = 0;
        var viewerReads = 0;
        var bursts = 0;
        using var stop = new CancellationTokenSource();
        var flood = Task.Run(async () =>
        {
            var booked = host.Get<BookedService>();
            for (var n = 0; !stop.IsCancellationRequested; n += 20)
            {
                var burst = Enumerable.Range(n, 20).Select(async i =>
                {
                    try
                    {
                        await booked.GetInvoiceAsync(Viewer, ids[i % ids.Count] + i / ids.Count * 100_000);
                        Interlocked.Increment(ref viewerReads);
                    }
                    catch (UserOverShareException)
                    {
                        Interlocked.Increment(ref overShare);
                    }
                    catch (LuccaApiException)
                    {
                        Interlocked.Increment(ref viewerReads); // an id Lucca does not have: a read all the same
                    }
                }).ToList();
                Interlocked.Increment(ref bursts);
                await Task.Delay(100); // a burst of twenty reads every tenth of a second: the flood's pace
                _ = Task.WhenAll(burst);
            }
        });
        await Eventually.TrueAsync(() => Volatile.Read(ref bursts) >= 3, "the flood to be under way (three bursts sent)");

        var flooded = await SaveAndBookAsync(host, items[2], items[3]);
        stop.Cancel();
        await flood;

        var allowed = normal + BudgetWindow(window) + TimeSpan.FromSeconds(2);
        Assert.True(flooded.Save <= allowed.Save, $"save: {flooded.Save.TotalSeconds:0.00} s under the flood, {normal.Save.TotalSeconds:0.00} s without");
        Assert.True(flooded.Book <= allowed.Book, $"book: {flooded.Book.TotalSeconds:0.00} s under the flood, {normal.Book.TotalSeconds:0.00} s without");
        Assert.True(overShare > 3 * viewerReads, $"{overShare} of the viewer's reads refused, {viewerReads} let through");
    }

    private static readonly LuccaInbox.Web.Auth.AppUser Viewer = TestUsers.With("viewer", "Vi Viewer", LuccaInbox.Web.Auth.AppRoles.InboxRead);

    private static TimeSpan BudgetWindow(TimeSpan window) => LuccaRequestBudget.WithMargin(window);

    private sealed record Timings(TimeSpan Save, TimeSpan Book)
    {
        public static Timings operator +(Timings t, TimeSpan extra) => new(t.Save + extra, t.Book + extra);
    }

    private static async Task<Timings> SaveAndBookAsync(WebServicesHost host, InboxItem toSave, InboxItem toBook)
    {
        var save = Timed(() => host.Saving.SaveAsync(TestUsers.EditOnly, toSave, toSave.Document! with { Comment = "checked " + Guid.NewGuid() }));
        var book = Timed(() => host.Booking.BookAsync(TestUsers.Booker, toBook, "flood test"));
        var (saved, saveTime) = await save;
        var (bookedResult, bookTime) = await book;
        Assert.Equal(SaveStatus.Saved, saved.Status);
        Assert.Equal(BookStatus.Booked, bookedResult.Status);
        return new Timings(saveTime, bookTime);
    }

    private static async Task<(T, TimeSpan)> Timed<T>(Func<Task<T>> action)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await action();
        return (result, started.Elapsed);
    }

    private static async Task<List<int>> BookedInvoiceIdsAsync(WebServicesHost host)
    {
        var page = await host.Emulator.Api.GetBookedDocumentsAsync(new Dictionary<string, string>(), 100, 1, null);
        var ids = (page.Items ?? []).Where(d => d.Type == DocumentTypes.Invoice).Select(d => d.Id).ToList();
        Assert.NotEmpty(ids);
        return ids;
    }
}
