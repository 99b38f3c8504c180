using System.Diagnostics;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Bulk;
using LuccaInbox.Web.Data;
using Microsoft.EntityFrameworkCore;
using static LuccaInbox.Tests.Bulk.BulkBookingTests;

namespace LuccaInbox.Tests.Bulk;

/// <summary>Bulk jobs with several instances on one PostgreSQL database and one emulator: one instance works on a job at
/// a time, under a lease (2 s here); another takes over a job whose instance died once its lease expires.</summary>
public sealed class BulkJobLeaseTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Bulk:LeaseSeconds"] = "2",
        // A lease expires long before the default minute: an attempt left Pending is checked against the inbox at once.
        ["Booking:SettleAfterSeconds"] = "0",
        // The instances share one budget on PostgreSQL: the default 50 a minute, spent by the first instance, would keep the
        // one taking over waiting for the next minute. These tests are about the lease, not the budget.
        ["Lucca:RequestsPerMinute"] = "1000",
    };

    private static async Task<WebServicesHost> FirstAsync(string prefix) =>
        await WebServicesHost.FirstInstanceAsync(AppDatabase.Postgres(await PostgresServer.CreateDatabaseAsync(prefix)), Settings);

    private static async Task SetLeaseAsync(WebServicesHost host, int jobId, string owner, DateTime expiresAtUtc)
    {
        await using var db = await host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.BulkBookingJobs.Where(j => j.Id == jobId)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.LeaseOwner, owner).SetProperty(j => j.LeaseExpiresAtUtc, expiresAtUtc));
    }

    private static Task<AuditEntry> PendingAttemptAsync(WebServicesHost host, BulkBookingItem item, int jobId) =>
        host.AuditLog.BeginAsync(TestUsers.Booker, new AuditIntent(AuditActions.BulkBook, item.InboxId, item.DocumentId, item.DocumentNumber,
            item.Supplier, item.Amount, item.Currency, Note: BulkBookingService.NoteFor(jobId)));

    [Fact]
    public async Task A_job_whose_instance_died_after_a_post_is_left_alone_while_its_lease_lasts_then_taken_over_and_each_document_posted_once()
    {
        await using var survivor = await FirstAsync("leasedie");
        await using var dying = survivor.AnotherInstance(Settings);
        var items = (await survivor.BookableItemsAsync()).Take(8).ToList();
        Assert.Equal(8, items.Count);
        survivor.SignIn(TestUsers.Booker);
        dying.SignIn(TestUsers.Booker);
        var onSurvivor = survivor.Get<BulkBookingService>();
        var onDying = dying.Get<BulkBookingService>();
        survivor.Emulator.Emulator.Faults.LatencyMs = 250;
        var started = await onDying.StartAsync(TestUsers.Booker, Ids(items));

        // While its instance works on it, renewing its 2 s lease, the other instance leaves the job alone however often it looks.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(3.5) || onDying.Get(started.Id)!.Booked < 1)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the job did not book its first document within a minute");
            await onSurvivor.ResumeAsync();
            Assert.Null(onSurvivor.Get(started.Id));
            Assert.Equal(dying.InstanceId, (await SavedJobAsync(survivor, started.Id)).LeaseOwner);
            await Task.Delay(250);
        }
        Assert.True(onDying.Get(started.Id) is { IsRunning: true, Booked: >= 1 }, $"the job should be under way still: {onDying.Get(started.Id)}");

        // It dies (its services go; the booking on its way is seen through) ...
        var deadInstance = dying.InstanceId;
        await dying.StopServicesAsync();
        survivor.Emulator.Emulator.Faults.LatencyMs = 0;
        var left = await SavedJobAsync(survivor, started.Id);
        var crashed = left.Items.Where(i => i.Status == BulkItemStatus.Queued && BookPosts(survivor, i.InboxId) == 0).OrderBy(i => i.Id).First();
        // ... as if right after posting the next document: Lucca booked it, its BulkBook entry is still Pending, its lease runs on.
        (await survivor.Emulator.Api.BookInboxDocumentRawAsync(crashed.InboxId)).EnsureSuccessStatusCode();
        var pending = await PendingAttemptAsync(survivor, crashed, started.Id);
        await SetLeaseAsync(survivor, started.Id, deadInstance, DateTime.UtcNow.AddSeconds(2));

        var resumer = new BulkBookingResumer(survivor.Services);
        await resumer.StartAsync(CancellationToken.None);
        Assert.Null(onSurvivor.Get(started.Id)); // the start-up check found a live lease
        var job = await FinishedAsync(onSurvivor, started.Id); // a later check, once it expired
        await resumer.StopAsync(CancellationToken.None);

        Assert.Equal(BulkJobStatus.Completed, job.Status);
        Assert.Equal((items.Count, 0, 0, 0), (job.Booked, job.Failed, job.Skipped, job.Remaining));
        Assert.All(items, i => Assert.Equal(1, BookPosts(survivor, i.Id))); // over both instances, the crashed one included
        var entries = await BulkEntriesAsync(survivor);
        Assert.Equal(Ids(items).Order(), entries.Select(e => e.InboxId!.Value).Order());
        Assert.All(entries, e => Assert.Equal(AuditOutcomes.Succeeded, e.Outcome));
        Assert.Contains("Confirmed in Lucca's booked documents", entries.Single(e => e.Id == pending.Id).Error, StringComparison.Ordinal);
        Assert.Empty(await survivor.AuditReader.PendingAsync());
        var saved = await SavedJobAsync(survivor, started.Id);
        Assert.Equal((BulkJobStatus.Completed, items.Count, null, null), (saved.Status, saved.Booked, saved.LeaseOwner, saved.LeaseExpiresAtUtc));
        Assert.True((await survivor.Verifier.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task An_attempt_a_dead_instance_left_pending_before_its_post_is_settled_from_lucca_by_the_instance_taking_over_never_posted()
    {
        await using var host = await FirstAsync("leasepend");
        var items = (await host.BookableItemsAsync()).Take(3).ToList();
        var snapshot = await host.Inbox.GetAsync();
        var now = DateTime.UtcNow;
        // A job another instance was working on when it died: its lease runs 2 s more.
        var job = new BulkBookingJob
        {
            CreatedAtUtc = now, CreatedByObjectId = TestUsers.Booker.ObjectId, CreatedByName = TestUsers.Booker.Name, CreatedByEmail = TestUsers.Booker.Email,
            Status = BulkJobStatus.Running, LeaseOwner = "dead-instance", LeaseExpiresAtUtc = now.AddSeconds(2),
        };
        foreach (var item in items) job.Items.Add(BulkBookingItem.For(item.Id, snapshot.ById[item.Id], null));
        job.Recount();
        await using (var db = await host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.BulkBookingJobs.Add(job);
            await db.SaveChangesAsync();
        }
        // It had written the first document's intent and died before posting it.
        var crashed = job.Items.OrderBy(i => i.Id).First();
        var pending = await PendingAttemptAsync(host, crashed, job.Id);
        host.SignIn(TestUsers.Booker);
        var bulk = host.Get<BulkBookingService>();

        await bulk.ResumeAsync();
        Assert.Null(bulk.Get(job.Id)); // not while its lease lasts
        var resumer = new BulkBookingResumer(host.Services);
        await resumer.StartAsync(CancellationToken.None);
        var done = await FinishedAsync(bulk, job.Id);
        await resumer.StopAsync(CancellationToken.None);

        Assert.Equal(BulkJobStatus.Completed, done.Status);
        var settled = done.Items.Single(i => i.InboxId == crashed.InboxId);
        Assert.Equal((BulkItemStatus.Failed, pending.Id), (settled.Status, settled.AuditEntryId));
        Assert.Contains("still in its inbox", settled.Message, StringComparison.Ordinal);
        Assert.Equal(0, BookPosts(host, crashed.InboxId)); // settled from Lucca, not sent
        Assert.All(done.Items.Where(i => i.InboxId != crashed.InboxId), i => Assert.Equal((BulkItemStatus.Booked, 1), (i.Status, BookPosts(host, i.InboxId))));
        var entry = (await BulkEntriesAsync(host)).Single(e => e.Id == pending.Id);
        Assert.Equal(AuditOutcomes.Failed, entry.Outcome);
        Assert.Empty(await host.AuditReader.PendingAsync());
        Assert.True((await host.Verifier.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Cancelling_on_another_instance_stops_the_job_before_its_next_document()
    {
        await using var first = await FirstAsync("leasecancel");
        await using var second = first.AnotherInstance(Settings);
        var items = (await first.BookableItemsAsync()).Take(6).ToList();
        first.Emulator.Emulator.Faults.LatencyMs = 300;
        first.SignIn(TestUsers.Booker);
        var onFirst = first.Get<BulkBookingService>();
        var started = await onFirst.StartAsync(TestUsers.Booker, Ids(items));
        await Eventually.TrueAsync(() => onFirst.Get(started.Id)!.Booked >= 1, "the job to book its first document");

        Assert.True(await second.Get<BulkBookingService>().CancelAsync(started.Id, TestUsers.Booker2));
        var job = await FinishedAsync(onFirst, started.Id);

        Assert.Equal((BulkJobStatus.Cancelled, TestUsers.Booker2.Name, 0), (job.Status, job.CancelledBy, job.Remaining));
        var cancelled = job.Items.Where(i => i.Status == BulkItemStatus.Skipped).ToList();
        Assert.NotEmpty(cancelled);
        Assert.All(cancelled, i => Assert.Equal((0, $"Cancelled by {TestUsers.Booker2.Name}."), (BookPosts(first, i.InboxId), i.Message)));
        var saved = await SavedJobAsync(first, started.Id);
        Assert.Equal((BulkJobStatus.Cancelled, TestUsers.Booker2.Name, null), (saved.Status, saved.CancelledBy, saved.LeaseOwner));
    }
}
