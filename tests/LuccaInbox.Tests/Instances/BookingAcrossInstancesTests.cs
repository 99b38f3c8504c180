using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Tests.Bulk;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Tests.Instances;

/// <summary>One booking per document across instances: two apps on one PostgreSQL database and one emulator.</summary>
public sealed class BookingAcrossInstancesTests
{
    private static async Task<(WebServicesHost First, WebServicesHost Second)> TwoInstancesAsync(string prefix, Action<IServiceCollection>? services = null)
    {
        var database = AppDatabase.Postgres(await PostgresServer.CreateDatabaseAsync(prefix));
        var first = await WebServicesHost.FirstInstanceAsync(database, services: services);
        return (first, first.AnotherInstance(services: services));
    }

    /// <summary>Both start at the same moment (a gate both wait on); each POST is slow, so whichever wins, the other comes while it is on its way.</summary>
    private static async Task<BookResult[]> BookAtOnceAsync(WebServicesHost first, WebServicesHost second, int inboxId)
    {
        var onFirst = (await first.BookableItemsAsync()).Single(i => i.Id == inboxId);
        var onSecond = (await second.BookableItemsAsync()).Single(i => i.Id == inboxId);
        first.Emulator.Emulator.Faults.Enqueue(new ScriptedFault { DelayMs = 1500, Method = "POST", PathContains = $"/inbox-documents/{inboxId}/book", Times = 2 });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bob = Task.Run(async () => { await gate.Task; return await first.Booking.BookAsync(TestUsers.Booker, onFirst); });
        var bea = Task.Run(async () => { await gate.Task; return await second.Booking.BookAsync(TestUsers.Booker2, onSecond); });
        gate.SetResult();
        return await Task.WhenAll(bob, bea).WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Two_people_on_two_instances_booking_one_document_at_the_same_moment_send_one_post_and_the_other_is_told_who()
    {
        var (first, second) = await TwoInstancesAsync("book2");
        await using var _ = first;
        await using var __ = second;
        var item = (await first.BookableItemsAsync()).First();

        var results = await BookAtOnceAsync(first, second, item.Id);

        Assert.Equal(1, BulkBookingTests.BookPosts(first, item.Id));
        var booked = Assert.Single(results, r => r.Status == BookStatus.Booked);
        var other = Assert.Single(results, r => r.Status != BookStatus.Booked);
        var winner = booked == results[0] ? TestUsers.Booker : TestUsers.Booker2;
        if (other.Status != BookStatus.AlreadyBooked && !(other.Status == BookStatus.InProgress && other.Message == $"{winner.Name} is booking this document right now."))
        {
            Assert.Fail($"{other.Status}: {other.Message}");
        }
        var entry = Assert.Single(await first.AuditReader.SearchAsync(new AuditFilter(Action: AuditActions.Book, NewestFirst: false)));
        Assert.Equal((AuditOutcomes.Succeeded, winner.ObjectId), (entry.Outcome, entry.UserObjectId));
        // Verified where the booking was written (each instance keeps its own checkpoint file; the other's has none).
        var verification = await (winner == TestUsers.Booker ? first : second).Verifier.VerifyAsync();
        Assert.True(verification.IsIntact, verification.Summary);
        await using var db = await first.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Set<BookingClaim>().ToListAsync()); // the claim goes with the booking
    }

    [Fact]
    public async Task A_second_attempt_from_another_instance_while_the_post_is_on_its_way_is_told_who_is_booking()
    {
        var (first, second) = await TwoInstancesAsync("bookwho");
        await using var _ = first;
        await using var __ = second;
        var item = (await first.BookableItemsAsync()).First();
        var onSecond = (await second.BookableItemsAsync()).Single(i => i.Id == item.Id);
        first.Emulator.Emulator.Faults.Enqueue(new ScriptedFault { DelayMs = 3000, Method = "POST", PathContains = $"/inbox-documents/{item.Id}/book" });

        var bob = first.Booking.BookAsync(TestUsers.Booker, item);
        // Bob's intent is in the audit log: his POST is on its way.
        await Eventually.TrueAsync(() => first.AuditReader.PendingAsync().GetAwaiter().GetResult().Count == 1, "Bob's booking to be under way");
        var bea = await second.Booking.BookAsync(TestUsers.Booker2, onSecond);
        var bobAgain = await first.Booking.BookAsync(TestUsers.Booker, item); // his double click, on his own instance

        Assert.Equal((BookStatus.InProgress, $"{TestUsers.Booker.Name} is booking this document right now."), (bea.Status, bea.Message));
        Assert.Equal((BookStatus.InProgress, $"{TestUsers.Booker.Name} is booking this document right now."), (bobAgain.Status, bobAgain.Message));
        Assert.Equal(BookStatus.Booked, (await bob).Status);
        Assert.Equal(1, BulkBookingTests.BookPosts(first, item.Id));
        // Once Bob's booking is over the turn is free again, and Bea is not let book it a second time. (Her instance's inbox
        // snapshot still lists it, so she is refused it as a duplicate of the booked one rather than told "already booked".)
        var after = await second.Booking.BookAsync(TestUsers.Booker2, onSecond);
        Assert.NotEqual(BookStatus.Booked, after.Status);
        Assert.Equal(1, BulkBookingTests.BookPosts(first, item.Id));
    }

    [Fact]
    public async Task A_turn_held_by_an_instance_that_died_is_free_again_and_its_left_over_claim_is_replaced()
    {
        var (first, second) = await TwoInstancesAsync("bookdied");
        await using var _ = first;
        await using var __ = second;
        var onFirst = first.Get<BookingGuard>();
        var onSecond = second.Get<BookingGuard>();
        var held = await onFirst.TryBeginAsync(42, TestUsers.Booker.Name);
        Assert.True(held.IsMine);
        Assert.Equal(TestUsers.Booker.Name, (await onSecond.TryBeginAsync(42, TestUsers.Booker2.Name)).HeldBy);

        // The first instance dies: PostgreSQL ends its sessions (this test's database only), and with them its advisory locks. Its claim row stays.
        await using (var connection = new Npgsql.NpgsqlConnection(first.Get<AppDatabase>().ConnectionString))
        {
            await connection.OpenAsync();
            await using var kill = new Npgsql.NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid() " +
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
            await kill.ExecuteNonQueryAsync();
            // pg_terminate_backend only signals: the locks go when those sessions have ended, a moment later on a busy machine.
            await using var left = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' " +
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
            await Eventually.TrueAsync(() => (long)left.ExecuteScalar()! == 0, "the dead instance's locks to go", TimeSpan.FromSeconds(10));
        }

        await using var taken = await onSecond.TryBeginAsync(42, TestUsers.Booker2.Name);
        Assert.True(taken.IsMine);
        Assert.Equal(TestUsers.Booker2.Name, (await onFirst.TryBeginAsync(42, TestUsers.Booker.Name)).HeldBy);
        await using var db = await second.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var claim = await db.Set<BookingClaim>().SingleAsync();
        Assert.Equal((42, TestUsers.Booker2.Name, second.InstanceId), (claim.InboxId, claim.UserName, claim.Instance));
    }

    /// <summary>What the advisory lock is for: the same race with only the in-process guard (the one used on SQLite)
    /// sends both POSTs, so the first test above fails against it.</summary>
    [Fact]
    public async Task With_only_in_process_guards_two_instances_booking_at_once_both_post()
    {
        // What one instance alone holds: the booking guard and the document's turn in memory (no database lock).
        var (first, second) = await TwoInstancesAsync("bookmem", s =>
        {
            s.AddSingleton<BookingGuard>(new InProcessBookingGuard());
            s.AddSingleton(new DocumentGates());
        });
        await using var _ = first;
        await using var __ = second;
        var item = (await first.BookableItemsAsync()).First();

        var results = await BookAtOnceAsync(first, second, item.Id);

        Assert.Equal(2, BulkBookingTests.BookPosts(first, item.Id));
        Assert.DoesNotContain(results, r => r.Status == BookStatus.InProgress);
    }
}
