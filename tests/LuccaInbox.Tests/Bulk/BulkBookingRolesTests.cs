using LuccaInbox.Web.Data;
using Microsoft.EntityFrameworkCore;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Bulk;
using static LuccaInbox.Tests.Bulk.BulkBookingTests;

namespace LuccaInbox.Tests.Bulk;

/// <summary>A bulk job books on its creator's behalf with the roles they hold now, not the ones they had when starting it.</summary>
public sealed class BulkBookingRolesTests
{
    private static readonly AppUser BookerWithoutBook = TestUsers.Booker with
    {
        Roles = new HashSet<string>([AppRoles.InboxRead], StringComparer.Ordinal),
    };

    [Fact]
    public async Task A_running_job_stops_before_its_next_booking_once_its_creator_no_longer_holds_the_Book_role()
    {
        await using var host = await WebServicesHost.StartAsync();
        var bulk = host.Get<BulkBookingService>();
        var items = (await host.BookableItemsAsync()).Take(5).ToList();
        host.Emulator.Emulator.Faults.LatencyMs = 300;
        host.SignIn(TestUsers.Booker);
        var started = await bulk.StartAsync(TestUsers.Booker, Ids(items));
        await WaitUntilAsync(() => bulk.Get(started.Id)!.Booked >= 1);

        host.SignIn(BookerWithoutBook); // Inbox.Book was removed in Entra ID; their next sign-in carries the roles left

        var job = await FinishedAsync(bulk, started.Id);
        await AssertStoppedForTheRoleAsync(host, job, bookedBefore: 1);
    }

    [Fact]
    public async Task A_job_resumed_after_a_restart_books_nothing_once_its_creator_no_longer_holds_the_Book_role()
    {
        await using var host = await WebServicesHost.StartAsync();
        var items = (await host.BookableItemsAsync()).Take(5).ToList();
        host.Emulator.Emulator.Faults.LatencyMs = 300;
        var first = host.Get<BulkBookingService>();
        host.SignIn(TestUsers.Booker);
        var started = await first.StartAsync(TestUsers.Booker, Ids(items));
        await WaitUntilAsync(() => first.Get(started.Id)!.Booked >= 1);
        await first.StopAsync(CancellationToken.None); // the app stops: the booking under way is seen through
        var bookedBefore = (await SavedJobAsync(host, started.Id)).Items.Count(i => i.Status == BulkItemStatus.Booked);

        host.Emulator.Emulator.Faults.LatencyMs = 0;
        await using var restarted = await host.RestartAsync();
        restarted.SignIn(BookerWithoutBook);
        await new BulkBookingResumer(restarted.Services).StartAsync(CancellationToken.None);

        var job = await FinishedAsync(restarted.Get<BulkBookingService>(), started.Id);
        Assert.Equal(bookedBefore, job.Booked);
        await AssertStoppedForTheRoleAsync(restarted, job, bookedBefore);
    }

    [Fact]
    public async Task A_job_resumed_before_its_creator_signs_in_again_waits_for_their_roles_and_then_books_the_rest()
    {
        await using var host = await WebServicesHost.StartAsync();
        var items = (await host.BookableItemsAsync()).Take(4).ToList();
        host.Emulator.Emulator.Faults.LatencyMs = 300;
        var first = host.Get<BulkBookingService>();
        host.SignIn(TestUsers.Booker);
        var started = await first.StartAsync(TestUsers.Booker, Ids(items));
        await WaitUntilAsync(() => first.Get(started.Id)!.Booked >= 1);
        await first.StopAsync(CancellationToken.None); // the app stops: the booking under way is seen through
        var postsBefore = AllBookPosts(host);

        host.Emulator.Emulator.Faults.LatencyMs = 0;
        // Sign-ins outlive a restart (they are in the database): the creator's has expired meanwhile (Auth:SessionMinutes),
        // so nobody can tell their roles now.
        await using (var db = await host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.SignInSessions.ExecuteUpdateAsync(set => set.SetProperty(x => x.ExpiresAtUtc, DateTime.UtcNow.AddMinutes(-1)));
        }
        await using var restarted = await host.RestartAsync();
        await new BulkBookingResumer(restarted.Services).StartAsync(CancellationToken.None);
        var bulk = restarted.Get<BulkBookingService>();

        Assert.Empty(bulk.Active);
        Assert.Equal(BulkJobStatus.Running, (await SavedJobAsync(restarted, started.Id)).Status); // kept, not given up
        Assert.Equal(postsBefore, AllBookPosts(host));

        restarted.SignIn(TestUsers.Booker);

        var job = await FinishedAsync(bulk, started.Id);
        Assert.Equal((BulkJobStatus.Completed, 4), (job.Status, job.Booked));
        Assert.All(items, i => Assert.Equal(1, BookPosts(host, i.Id)));
    }

    /// <summary>Stopped, not finished: nothing booked after the role went, the rest skipped with the reason, and the
    /// reason in the audit log under the creator's name.</summary>
    private static async Task AssertStoppedForTheRoleAsync(WebServicesHost host, BulkJobView job, int bookedBefore)
    {
        Assert.Equal(BulkJobStatus.Cancelled, job.Status);
        Assert.Contains("Inbox.Book", job.CancelledBy, StringComparison.Ordinal);
        Assert.InRange(job.Booked, bookedBefore, bookedBefore + 1); // at most the booking under way when the role went
        Assert.Equal((0, 0), (job.Failed, job.Remaining));
        Assert.Equal(job.Booked, AllBookPosts(host));
        var notBooked = job.Items.Where(i => i.Status != BulkItemStatus.Booked).ToList();
        Assert.NotEmpty(notBooked);
        Assert.All(notBooked, i => Assert.Equal(0, BookPosts(host, i.InboxId)));
        Assert.All(notBooked, i => Assert.Contains($"{TestUsers.Booker.Name} no longer holds the Inbox.Book role", i.Message, StringComparison.Ordinal));

        var refused = Assert.Single(await BulkEntriesAsync(host), e => e.Outcome == AuditOutcomes.Failed);
        Assert.Equal((TestUsers.Booker.ObjectId, notBooked[0].InboxId, (int?)null), (refused.UserObjectId, refused.InboxId, refused.LuccaStatus));
        Assert.Contains("no longer holds the Inbox.Book role", refused.Error, StringComparison.Ordinal);
        Assert.True((await host.Verifier.VerifyAsync()).IsIntact);
    }
}
