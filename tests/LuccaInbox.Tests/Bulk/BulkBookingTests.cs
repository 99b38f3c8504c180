using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Bulk;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Documents;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Tests.Bulk;

/// <summary>BulkBookingService with the app's real services, against the emulator over loopback HTTP and a SQLite file.</summary>
public sealed class BulkBookingTests
{
    internal static int BookPosts(WebServicesHost host, int inboxId) => host.Emulator.Requests.Count(r =>
        r.Method == "POST" && r.Path == $"/cleemy-procurement/services/inbox-documents/{inboxId}/book");

    internal static int AllBookPosts(WebServicesHost host) =>
        host.Emulator.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/book", StringComparison.Ordinal));

    internal static List<int> Ids(IEnumerable<InboxItem> items) => items.Select(i => i.Id).ToList();

    internal static Task WaitUntilAsync(Func<bool> condition) =>
        Eventually.TrueAsync(condition, "the bulk job to get there", TimeSpan.FromSeconds(60));

    internal static async Task<BulkJobView> FinishedAsync(BulkBookingService bulk, int jobId)
    {
        await Eventually.TrueAsync(() => bulk.Get(jobId) is { IsRunning: false }, $"bulk job {jobId} to finish (now: {bulk.Get(jobId)?.Status})",
            TimeSpan.FromSeconds(60));
        return bulk.Get(jobId)!;
    }

    private static Task FirstBookedAsync(BulkBookingService bulk, int jobId) =>
        Eventually.TrueAsync(() => bulk.Get(jobId)!.Booked >= 1, $"bulk job {jobId} to book its first document");

    internal static async Task<BulkBookingJob> SavedJobAsync(WebServicesHost host, int jobId)
    {
        await using var db = await host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.BulkBookingJobs.AsNoTracking().Include(j => j.Items).SingleAsync(j => j.Id == jobId);
    }

    internal static async Task<IReadOnlyList<AuditEntry>> BulkEntriesAsync(WebServicesHost host) =>
        await host.AuditReader.SearchAsync(new AuditFilter(Action: AuditActions.BulkBook, NewestFirst: false));

    [Fact]
    public async Task A_job_of_five_bookable_documents_books_each_exactly_once_with_one_bulk_book_audit_entry_each()
    {
        await using var host = await WebServicesHost.StartAsync();
        var bulk = host.Get<BulkBookingService>();
        var items = (await host.BookableItemsAsync()).Take(5).ToList();
        Assert.Equal(5, items.Count);
        await Assert.ThrowsAsync<ForbiddenActionException>(() => bulk.StartAsync(TestUsers.EditOnly, Ids(items)));
        host.SignIn(TestUsers.Booker);

        var started = await bulk.StartAsync(TestUsers.Booker, Ids(items));

        // 50 requests a minute (plus the budget's 10 % jitter margin, so 65 s): one POST each takes 1.3 s of the budget.
        Assert.Equal(TimeSpan.FromSeconds(6.5), bulk.EstimatedRemaining(started));
        var job = await FinishedAsync(bulk, started.Id);
        Assert.Equal(BulkJobStatus.Completed, job.Status);
        Assert.Equal((5, 0, 0, 0), (job.Booked, job.Failed, job.Skipped, job.Remaining));
        Assert.All(items, i => Assert.Equal(1, BookPosts(host, i.Id)));
        Assert.Equal(5, AllBookPosts(host));

        var entries = await BulkEntriesAsync(host);
        Assert.Equal(Ids(items).Order(), entries.Select(e => e.InboxId!.Value).Order());
        Assert.All(entries, e => Assert.Equal((AuditOutcomes.Succeeded, 200, TestUsers.Booker.ObjectId, BulkBookingService.NoteFor(job.Id)),
            (e.Outcome, e.LuccaStatus, e.UserObjectId, e.Note)));
        Assert.All(items, i => Assert.False(host.Inbox.Current.ById.ContainsKey(i.Id)));
        Assert.All(items, i => Assert.NotNull(host.Emulator.Emulator.Store.GetBooked(i.Document!.Id, null)));

        var saved = await SavedJobAsync(host, job.Id);
        Assert.Equal((BulkJobStatus.Completed, 5, 5, 0, 0), (saved.Status, saved.Total, saved.Booked, saved.Failed, saved.Skipped));
        Assert.Equal(entries.Select(e => e.Id).Order(), saved.Items.Select(i => i.AuditEntryId!.Value).Order());
        Assert.Equal((TestUsers.Booker.ObjectId, TestUsers.Booker.Name, TestUsers.Booker.Email),
            (saved.CreatedByObjectId, saved.CreatedByName, saved.CreatedByEmail));
        Assert.Empty(bulk.Active);
        Assert.True((await host.Verifier.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task A_failing_document_is_reported_and_the_job_goes_on_while_unbookable_and_already_booked_ones_are_skipped_with_the_reason()
    {
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Booking:FourEyes"] = "true" });
        var bulk = host.Get<BulkBookingService>();
        var bookable = (await host.BookableItemsAsync()).Take(5).ToList();
        var (first, failing, bookedElsewhere, last, editedByMe) = (bookable[0], bookable[1], bookable[2], bookable[3], bookable[4]);
        var ocrPending = (await host.InboxItemsAsync()).First(i => i.Document?.OcrStatus == OcrStatuses.Pending);
        Assert.Equal(SaveStatus.Saved, (await host.Saving.SaveAsync(TestUsers.Editor, editedByMe, editedByMe.Document! with { Comment = "Checked" })).Status);
        await host.Emulator.ScriptAsync(new ScriptedFault { Status = 400, PathContains = $"/inbox-documents/{failing.Id}/book" });
        // The first POST is slow, so a colleague books a later document on their own meanwhile.
        await host.Emulator.ScriptAsync(new ScriptedFault { DelayMs = 1500, PathContains = $"/inbox-documents/{first.Id}/book" });

        host.SignIn(TestUsers.Editor);
        var started = await bulk.StartAsync(TestUsers.Editor, [first.Id, failing.Id, ocrPending.Id, bookedElsewhere.Id, last.Id, editedByMe.Id]);
        Assert.Equal(BookStatus.Booked, (await host.Booking.BookAsync(TestUsers.Booker2, bookedElsewhere)).Status);
        var job = await FinishedAsync(bulk, started.Id);

        BulkItemView Item(InboxItem i) => job.Items.Single(x => x.InboxId == i.Id);
        Assert.Equal(BulkJobStatus.Completed, job.Status);
        Assert.Equal((2, 1, 3, 0), (job.Booked, job.Failed, job.Skipped, job.Remaining));
        Assert.Equal(BulkItemStatus.Booked, Item(first).Status);
        Assert.Equal(BulkItemStatus.Failed, Item(failing).Status);
        Assert.False(string.IsNullOrWhiteSpace(Item(failing).Message));
        Assert.Equal(BulkItemStatus.Booked, Item(last).Status); // went on after the failure
        Assert.Equal(BulkItemStatus.Skipped, Item(ocrPending).Status);
        Assert.Contains("OCR", Item(ocrPending).Message, StringComparison.Ordinal);
        Assert.Equal(BulkItemStatus.Skipped, Item(editedByMe).Status);
        Assert.Contains("Four-eyes", Item(editedByMe).Message, StringComparison.Ordinal);
        Assert.Equal(BulkItemStatus.Skipped, Item(bookedElsewhere).Status);
        Assert.Contains(TestUsers.Booker2.Name, Item(bookedElsewhere).Message, StringComparison.Ordinal);

        Assert.Equal([1, 1, 0, 1, 1, 0], new[] { first, failing, ocrPending, bookedElsewhere, last, editedByMe }.Select(i => BookPosts(host, i.Id)));
        var failedEntry = Assert.Single(await BulkEntriesAsync(host), e => e.InboxId == failing.Id);
        Assert.Equal((AuditOutcomes.Failed, 400), (failedEntry.Outcome, failedEntry.LuccaStatus));
        Assert.True(host.Inbox.Current.ById.ContainsKey(failing.Id));
        var saved = await SavedJobAsync(host, job.Id);
        Assert.Equal((6, 2, 1, 3), (saved.Total, saved.Booked, saved.Failed, saved.Skipped));
        Assert.Equal(job.Items.Select(i => (i.InboxId, i.Status, i.Message)), saved.Items.OrderBy(i => i.Id).Select(i => (i.InboxId, i.Status, i.Message)));
    }

    [Fact]
    public async Task Cancel_stops_before_the_remaining_documents_and_a_cancelled_job_is_not_resumed()
    {
        await using var host = await WebServicesHost.StartAsync();
        var bulk = host.Get<BulkBookingService>();
        var items = (await host.BookableItemsAsync()).Take(6).ToList();
        host.Emulator.Emulator.Faults.LatencyMs = 400;
        host.SignIn(TestUsers.Booker);
        var started = await bulk.StartAsync(TestUsers.Booker, Ids(items));
        await FirstBookedAsync(bulk, started.Id);

        Assert.Throws<ForbiddenActionException>(() => bulk.Cancel(started.Id, TestUsers.EditOnly));
        Assert.True(bulk.Cancel(started.Id, TestUsers.Booker2));
        var job = await FinishedAsync(bulk, started.Id);

        Assert.Equal((BulkJobStatus.Cancelled, TestUsers.Booker2.Name, 0), (job.Status, job.CancelledBy, job.Remaining));
        var cancelled = job.Items.Where(i => i.Status == BulkItemStatus.Skipped).ToList();
        Assert.NotEmpty(cancelled);
        Assert.Equal(items.Count, job.Booked + cancelled.Count);
        Assert.All(cancelled, i => Assert.Equal($"Cancelled by {TestUsers.Booker2.Name}.", i.Message));
        Assert.All(cancelled, i => Assert.Equal(0, BookPosts(host, i.InboxId)));
        Assert.All(cancelled, i => Assert.NotNull(host.Emulator.Emulator.Store.GetDocument(i.DocumentId)));
        Assert.Equal(job.Booked, AllBookPosts(host));
        Assert.Equal(BulkJobStatus.Cancelled, (await SavedJobAsync(host, job.Id)).Status);

        host.Emulator.Emulator.Faults.LatencyMs = 0;
        await using var restarted = await host.RestartAsync();
        restarted.SignIn(TestUsers.Booker);
        var resumed = restarted.Get<BulkBookingService>();
        await resumed.ResumeAsync();
        // A resumed job is published before ResumeAsync returns: none was, so nothing can be booked later on.
        Assert.Null(resumed.Get(job.Id));
        Assert.Empty(resumed.Active);
        Assert.Equal(job.Booked, AllBookPosts(host));
    }

    [Fact]
    public async Task Stopping_the_app_lets_the_current_booking_finish_and_the_next_start_books_the_rest_once()
    {
        await using var host = await WebServicesHost.StartAsync();
        var items = (await host.BookableItemsAsync()).Take(5).ToList();
        host.Emulator.Emulator.Faults.LatencyMs = 300;
        // Started as the host starts it (nothing to resume yet): a resumer never started has nothing to stop.
        var resumer = new BulkBookingResumer(host.Services);
        await resumer.StartAsync(CancellationToken.None);
        var first = host.Get<BulkBookingService>();
        host.SignIn(TestUsers.Booker);
        var started = await first.StartAsync(TestUsers.Booker, Ids(items));
        await FirstBookedAsync(first, started.Id);

        await resumer.StopAsync(CancellationToken.None); // what the host does on shutdown

        var stopped = await SavedJobAsync(host, started.Id);
        Assert.Equal(BulkJobStatus.Running, stopped.Status);
        Assert.Empty(await host.AuditReader.PendingAsync()); // the booking under way was seen through
        Assert.Contains(stopped.Items, i => i.Status == BulkItemStatus.Queued);
        Assert.All(stopped.Items, i => Assert.Equal(i.Status == BulkItemStatus.Booked ? 1 : 0, BookPosts(host, i.InboxId)));

        host.Emulator.Emulator.Faults.LatencyMs = 0;
        await using var restarted = await host.RestartAsync();
        restarted.SignIn(TestUsers.Booker); // the restart signed everyone out: the creator signs in again
        await new BulkBookingResumer(restarted.Services).StartAsync(CancellationToken.None); // and on start-up
        var bulk = restarted.Get<BulkBookingService>();
        var job = await FinishedAsync(bulk, started.Id);

        Assert.Equal((BulkJobStatus.Completed, 5), (job.Status, job.Booked));
        Assert.All(items, i => Assert.Equal(1, BookPosts(host, i.Id)));
        Assert.Equal(5, (await BulkEntriesAsync(restarted)).Count);
    }

    [Fact]
    public async Task A_job_interrupted_by_a_restart_resumes_and_books_every_document_exactly_once_even_one_left_pending_mid_post()
    {
        await using var host = await WebServicesHost.StartAsync();
        var items = (await host.BookableItemsAsync()).Take(5).ToList();
        host.Emulator.Emulator.Faults.LatencyMs = 300;
        var first = host.Get<BulkBookingService>();
        host.SignIn(TestUsers.Booker);
        var started = await first.StartAsync(TestUsers.Booker, Ids(items));
        await FirstBookedAsync(first, started.Id);

        // The app goes down under the running job (most likely mid-POST), then starts again on the same audit file.
        await using var restarted = await host.RestartAsync();
        var left = await SavedJobAsync(restarted, started.Id);
        Assert.Equal(BulkJobStatus.Running, left.Status);
        var untouched = left.Items.Where(i => i.Status == BulkItemStatus.Queued && BookPosts(host, i.InboxId) == 0).OrderBy(i => i.Id).ToList();
        Assert.True(untouched.Count >= 2, $"{untouched.Count} untouched item(s) left to resume");

        // As if it had gone down right after posting the next document: Lucca booked it, its BulkBook entry is still Pending.
        var crashed = untouched[0];
        (await restarted.Emulator.Api.BookInboxDocumentRawAsync(crashed.InboxId)).EnsureSuccessStatusCode();
        var pending = await restarted.AuditLog.BeginAsync(TestUsers.Booker, new AuditIntent(AuditActions.BulkBook, crashed.InboxId,
            crashed.DocumentId, crashed.DocumentNumber, crashed.Supplier, crashed.Amount, crashed.Currency, Note: BulkBookingService.NoteFor(started.Id)));

        host.Emulator.Emulator.Faults.LatencyMs = 0;
        var bulk = restarted.Get<BulkBookingService>();
        restarted.SignIn(TestUsers.Booker);
        await bulk.ResumeAsync();
        var job = await FinishedAsync(bulk, started.Id);

        Assert.Equal(BulkJobStatus.Completed, job.Status);
        Assert.Equal((5, 0, 0), (job.Booked, job.Failed, job.Skipped));
        Assert.All(items, i => Assert.Equal(1, BookPosts(host, i.Id))); // over both runs, the crashed one included
        Assert.Equal(5, AllBookPosts(host));
        var entries = await BulkEntriesAsync(restarted);
        Assert.Equal(Ids(items).Order(), entries.Select(e => e.InboxId!.Value).Order());
        Assert.All(entries, e => Assert.Equal(AuditOutcomes.Succeeded, e.Outcome));
        Assert.Contains("Confirmed in Lucca's booked documents", entries.Single(e => e.Id == pending.Id).Error, StringComparison.Ordinal);
        Assert.Empty(await restarted.AuditReader.PendingAsync());
        var saved = await SavedJobAsync(restarted, started.Id);
        Assert.Equal((BulkJobStatus.Completed, 5), (saved.Status, saved.Booked));
        Assert.Equal(pending.Id, saved.Items.Single(i => i.InboxId == crashed.InboxId).AuditEntryId);
        Assert.True((await restarted.Verifier.VerifyAsync()).IsIntact);
    }
}
