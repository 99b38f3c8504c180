using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Tests.Audit;

/// <summary>AuditLog and AuditChainVerifier on a real SQLite file, tampered with through raw SQL as someone holding the file could.</summary>
public sealed class AuditChainTests
{
    private static AuditIntent Intent(int i) => new(i % 2 == 0 ? AuditActions.Book : AuditActions.Edit, 5000 + i, 70000 + 3 * i,
        $"INV-{i:0000}", $"Supplier {i}", 100m + i + 0.25m, "EUR",
        i % 2 == 0 ? null : $$"""[{"path":"comment","before":null,"after":"note {{i}}"}]""");

    /// <summary>Appends <paramref name="count"/> completed entries one after another: entry i has intent link 2i-1 and outcome link 2i.</summary>
    private static async Task AppendCompletedAsync(WebServicesHost host, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            var user = TestUsers.With($"user{i}", $"User {i}", "Inbox.Book");
            var entry = await host.AuditLog.BeginAsync(user, Intent(i));
            await host.AuditLog.CompleteAsync(entry, i % 3 == 0 ? AuditOutcomes.Failed : AuditOutcomes.Succeeded, i % 3 == 0 ? 400 : 200,
                i % 3 == 0 ? "Lucca refused the change" : null);
        }
        var before = await host.Verifier.VerifyAsync();
        Assert.True(before.IsIntact, "precondition: " + before.Summary);
    }

    [Fact]
    public async Task Twenty_concurrent_appends_extend_one_chain_of_forty_links_that_verifies()
    {
        await using var host = await WebServicesHost.AuditOnlyAsync();
        var log = host.AuditLog;

        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Task.Run(async () =>
        {
            var entry = await log.BeginAsync(TestUsers.With($"u{i}", $"User {i}", "Inbox.Book"), Intent(i));
            await Task.Yield();
            await log.CompleteAsync(entry, AuditOutcomes.Succeeded, 200);
        })));

        var result = await host.Verifier.VerifyAsync();
        Assert.True(result.IsIntact, result.Summary);
        Assert.Equal(20, result.EntriesChecked);
        Assert.Equal(40, result.LinksChecked);
        var entries = await host.AuditReader.SearchAsync(new AuditFilter(NewestFirst: false));
        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long)n),
            entries.SelectMany(e => new[] { e.Sequence, e.OutcomeSequence ?? -1 }).Order());
        Assert.Empty(await host.AuditReader.PendingAsync());
    }

    [Fact]
    public async Task A_crash_between_intent_and_outcome_leaves_a_pending_entry_that_is_listed_and_the_chain_still_verifies()
    {
        using var database = AuditDatabase.Create();
        long pendingId;
        await using (var before = await WebServicesHost.AuditOnlyAsync(database))
        {
            await AppendCompletedAsync(before, 2);
            pendingId = (await before.AuditLog.BeginAsync(TestUsers.Booker, Intent(3))).Id;
            // ...the process dies here: CompleteAsync is never called.
        }

        await using var after = await WebServicesHost.AuditOnlyAsync(database); // the restarted app, same file
        var pending = Assert.Single(await after.AuditReader.PendingAsync());
        Assert.Equal(pendingId, pending.Id);
        Assert.Equal(AuditOutcomes.Pending, pending.Outcome);
        Assert.Null(pending.OutcomeSequence);
        Assert.Equal(TestUsers.Booker.ObjectId, pending.UserObjectId);
        var result = await after.Verifier.VerifyAsync();
        Assert.True(result.IsIntact, result.Summary);
        Assert.Equal(5, result.LinksChecked);

        // Life goes on after the restart: new links follow the pending intent and the chain still verifies.
        await AppendCompletedAsync(after, 1);
        Assert.Equal(pendingId, Assert.Single(await after.AuditReader.PendingAsync()).Id);
        Assert.True((await after.Verifier.VerifyAsync()).IsIntact);
    }

    [Theory]
    [InlineData("Amount = '999999.99'")]
    [InlineData("UserName = 'Mallory'")]
    [InlineData("Outcome = 'Succeeded', LuccaStatus = 200, Error = NULL")] // entry 3 had Failed / 400
    [InlineData("AtUtc = '2020-01-01 00:00:00'")]
    public async Task Changing_a_column_of_one_row_breaks_the_chain_at_that_entry(string assignment)
    {
        await using var host = await WebServicesHost.AuditOnlyAsync();
        await AppendCompletedAsync(host, 5);

        Assert.Equal(1, await host.Database.ExecuteAsync($"UPDATE AuditEntries SET {assignment} WHERE Id = 3"));

        var result = await host.Verifier.VerifyAsync();
        Assert.False(result.IsIntact, result.Summary);
        Assert.Equal(3, result.BrokenEntryId);
    }

    [Fact]
    public async Task Deleting_a_row_breaks_the_chain_at_the_entry_after_the_gap()
    {
        await using var host = await WebServicesHost.AuditOnlyAsync();
        await AppendCompletedAsync(host, 5);

        Assert.Equal(1, await host.Database.ExecuteAsync("DELETE FROM AuditEntries WHERE Id = 3"));

        var result = await host.Verifier.VerifyAsync();
        Assert.False(result.IsIntact, result.Summary);
        Assert.Equal(4, result.BrokenEntryId);
    }

    private const string ChainColumns = "Sequence, PreviousHash, Hash, OutcomeSequence, OutcomePreviousHash, OutcomeHash";
    private const string ContentColumns = "AtUtc, UserObjectId, UserName, UserEmail, Action, InboxId, DocumentId, DocumentNumber, Supplier, "
        + "Amount, Currency, DiffJson, Note, CorrelationId, Outcome, CompletedAtUtc, LuccaStatus, Error";

    [Theory]
    [InlineData(ChainColumns)]   // the rows trade places in the chain
    [InlineData(ContentColumns)] // the rows keep their places and trade what they say
    public async Task Swapping_two_rows_breaks_the_chain(string columns)
    {
        await using var host = await WebServicesHost.AuditOnlyAsync();
        await AppendCompletedAsync(host, 5);

        // Rows 2 and 3 swap the given columns (link numbers are unique, so they step aside to negative numbers first).
        await host.Database.ExecuteAsync($"""
            CREATE TEMP TABLE Swap AS SELECT Id, {columns} FROM AuditEntries WHERE Id IN (2, 3);
            UPDATE AuditEntries SET Sequence = -Sequence, OutcomeSequence = -OutcomeSequence WHERE Id IN (2, 3);
            UPDATE AuditEntries SET ({columns}) = (SELECT {columns} FROM Swap WHERE Swap.Id = 5 - AuditEntries.Id) WHERE Id IN (2, 3);
            UPDATE AuditEntries SET Sequence = -Sequence, OutcomeSequence = -OutcomeSequence WHERE Id IN (2, 3) AND Sequence < 0;
            """);
        await using (var db = await host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var rows = await db.AuditEntries.AsNoTracking().Where(e => e.Id == 2 || e.Id == 3).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(columns == ChainColumns ? [5L, 3L] : [3L, 5L], rows.Select(r => r.Sequence)); // the swap happened
            Assert.Equal(columns == ChainColumns ? ["INV-0002", "INV-0003"] : ["INV-0003", "INV-0002"], rows.Select(r => r.DocumentNumber));
        }

        var result = await host.Verifier.VerifyAsync();
        Assert.False(result.IsIntact, result.Summary);
        Assert.Contains(result.BrokenEntryId, new long?[] { 2, 3 });
    }

    [Fact]
    public async Task Setting_a_completed_entry_back_to_pending_in_the_middle_of_the_chain_breaks_it()
    {
        await using var host = await WebServicesHost.AuditOnlyAsync();
        await AppendCompletedAsync(host, 5);

        Assert.Equal(1, await host.Database.ExecuteAsync("""
            UPDATE AuditEntries SET Outcome = 'Pending', OutcomeSequence = NULL, OutcomePreviousHash = NULL, OutcomeHash = NULL,
                CompletedAtUtc = NULL, LuccaStatus = NULL, Error = NULL
            WHERE Id = 3
            """));
        Assert.Equal(3, Assert.Single(await host.AuditReader.PendingAsync()).Id); // it now looks like a crash...

        var result = await host.Verifier.VerifyAsync(); // ...but its outcome link is missing from the chain
        Assert.False(result.IsIntact, result.Summary);
        Assert.Equal(4, result.BrokenEntryId);
    }

    [Fact]
    public async Task An_untouched_chain_of_ten_thousand_entries_verifies()
    {
        await using var host = await WebServicesHost.AuditOnlyAsync();
        // Appending 10,000 entries through AuditLog takes minutes (two commits each), so the rows are built here with
        // AuditHashing as AuditLog builds them: every tenth entry stays pending, every seventh outcome comes one entry late.
        var key = host.Get<AuditChainKey>();
        var previous = AuditHashing.GenesisHash;
        long sequence = 0;
        var start = new DateTime(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);
        var rows = new List<AuditEntry>(10_000);
        AuditEntry? late = null;
        void Complete(AuditEntry e)
        {
            e.Outcome = AuditOutcomes.Succeeded;
            e.CompletedAtUtc = e.AtUtc.AddMilliseconds(350);
            e.LuccaStatus = 200;
            e.OutcomeSequence = ++sequence;
            e.OutcomePreviousHash = previous;
            e.OutcomeHash = previous = AuditHashing.OutcomeHash(e, previous, key);
        }
        for (var i = 1; i <= 10_000; i++)
        {
            var intent = Intent(i);
            var e = new AuditEntry
            {
                AtUtc = start.AddSeconds(i).AddTicks(i * 7), UserObjectId = $"oid-{i % 13}", UserName = $"User {i % 13}",
                UserEmail = $"user{i % 13}@example.test", Action = intent.Action, InboxId = intent.InboxId, DocumentId = intent.DocumentId,
                DocumentNumber = intent.DocumentNumber, Supplier = intent.Supplier, Amount = intent.Amount, Currency = intent.Currency,
                DiffJson = intent.DiffJson, CorrelationId = Guid.NewGuid().ToString("N"), Sequence = ++sequence, PreviousHash = previous,
            };
            e.Hash = previous = AuditHashing.IntentHash(e, previous, key);
            rows.Add(e);
            if (late is not null) { Complete(late); late = null; }
            if (i % 10 == 0) continue;
            if (i % 7 == 0) late = e; else Complete(e);
        }
        if (late is not null) Complete(late);
        await using (var db = await host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.AuditEntries.AddRange(rows);
            await db.SaveChangesAsync();
        }
        await host.AuditLog.AnchorAsync(); // rows written around AuditLog have no checkpoint yet: as at the first start after an import

        var result = await host.Verifier.VerifyAsync();
        Assert.True(result.IsIntact, result.Summary);
        Assert.Equal(10_000, result.EntriesChecked);
        Assert.Equal(10_000 + 9_000, result.LinksChecked);

        // AuditLog continues the same chain from its head.
        await AppendCompletedAsync(host, 1);
        Assert.Equal(19_002, (await host.Verifier.VerifyAsync()).LinksChecked);
    }
}
