using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Tests.Audit;

/// <summary>
/// Security review item 5: someone who can write the database file, and has read this repository, rewrites the chain
/// with raw SQL and a short script. Each attack must be reported by the verifier.
/// </summary>
public sealed class AuditTamperingTests
{
    /// <summary>Five completed entries: entry i (Id i) has intent link 2i-1 and outcome link 2i; even entries are bookings.</summary>
    private static async Task<WebServicesHost> ChainOfFiveAsync()
    {
        var host = await WebServicesHost.AuditOnlyAsync();
        await AppendAsync(host, 5);
        return host;
    }

    private static async Task AppendAsync(WebServicesHost host, int count)
    {
        int first;
        await using (var db = await host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            first = await db.AuditEntries.CountAsync() + 1;
        }
        for (var i = first; i < first + count; i++)
        {
            var entry = await host.AuditLog.BeginAsync(TestUsers.With($"user{i}", $"User {i}", "Inbox.Edit"),
                new AuditIntent(i % 2 == 0 ? AuditActions.Book : AuditActions.Edit, 5000 + i, 70000 + i, $"INV-{i:0000}", $"Supplier {i}",
                    100m + i, "EUR", i % 2 == 0 ? null : $$"""[{"path":"comment","before":null,"after":"note {{i}}"}]"""));
            await host.AuditLog.CompleteAsync(entry, AuditOutcomes.Succeeded, 200);
        }
        var before = await host.Verifier.VerifyAsync();
        Assert.True(before.IsIntact, "precondition: " + before.Summary);
    }

    [Fact]
    public async Task An_edited_amount_re_hashed_with_plain_sha256_from_that_row_on_is_detected()
    {
        await using var host = await ChainOfFiveAsync();

        Assert.Equal(1, await host.Database.ExecuteAsync("UPDATE AuditEntries SET Amount = '9999.99' WHERE Id = 2"));
        await InsiderScript.RehashFromAsync(host, fromLink: 3);

        var result = await host.Verifier.VerifyAsync();
        Assert.False(result.IsIntact, result.Summary);
        Assert.Equal(2, result.BrokenEntryId);
        Assert.Contains("re-hashed without the chain key", result.Summary);
    }

    [Fact]
    public async Task A_re_attributed_edit_re_hashed_with_plain_sha256_is_detected()
    {
        await using var host = await ChainOfFiveAsync();

        Assert.Equal(1, await host.Database.ExecuteAsync(
            "UPDATE AuditEntries SET UserName = 'User 4', UserObjectId = 'oid-user4', UserEmail = 'user4@example.test' WHERE Id = 3 AND Action = 'Edit'"));
        await InsiderScript.RehashFromAsync(host, fromLink: 5);

        var result = await host.Verifier.VerifyAsync();
        Assert.False(result.IsIntact, result.Summary);
        Assert.Equal(3, result.BrokenEntryId);
        Assert.Contains("re-hashed without the chain key", result.Summary);
    }

    [Fact]
    public async Task A_deleted_middle_row_with_the_rest_renumbered_and_re_hashed_is_detected()
    {
        await using var host = await ChainOfFiveAsync();

        // Entry 3 (links 5 and 6) goes; every later link moves down by two, via negative numbers as the unique index wants.
        await host.Database.ExecuteAsync("""
            DELETE FROM AuditEntries WHERE Id = 3;
            UPDATE AuditEntries SET Sequence = -(Sequence - 2), OutcomeSequence = -(OutcomeSequence - 2) WHERE Sequence > 6;
            UPDATE AuditEntries SET Sequence = -Sequence, OutcomeSequence = -OutcomeSequence WHERE Sequence < 0;
            """);
        await InsiderScript.RehashFromAsync(host, fromLink: 5);

        var result = await host.Verifier.VerifyAsync();
        Assert.False(result.IsIntact, result.Summary);
        Assert.Equal(4, result.BrokenEntryId);
        Assert.Contains("re-hashed without the chain key", result.Summary);
    }

    [Fact]
    public async Task Deleting_the_newest_entry_is_detected_without_any_re_hash()
    {
        await using var host = await ChainOfFiveAsync();

        Assert.Equal(1, await host.Database.ExecuteAsync("DELETE FROM AuditEntries WHERE Id = 5"));

        var result = await host.Verifier.VerifyAsync();
        Assert.False(result.IsIntact, result.Summary);
        Assert.Contains("checkpoint", result.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("names link 9, but the chain ends at link 8", result.Summary); // the first checkpoint past the new end
        Assert.False(result.Checkpoint.Matches);
        var status = await host.Verifier.LastCheckpointAsync(); // what /audit shows without a full verification
        Assert.False(status.Matches, status.Summary);
        Assert.Equal("Last checkpoint: link 10 at " + status.Last!.AtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            + " UTC, chain does not match.", status.Summary);
    }

    [Fact]
    public async Task A_checkpoint_line_forged_without_the_key_is_detected()
    {
        await using var host = await ChainOfFiveAsync();
        var head = (await host.Verifier.VerifyAsync()).HeadHash!;
        // The insider has the source, so the line format and its MAC recipe, but must guess the key.
        var guessedKey = AuditChainKey.FromSecret("a guess at the chain key, long enough to be accepted");
        new AuditCheckpoints(guessedKey, host.Database.CheckpointPath, TimeProvider.System).Append(new AuditCheckpoint(DateTime.UtcNow, 10, head, 5));

        var result = await host.Verifier.VerifyAsync();
        Assert.False(result.IsIntact, result.Summary);
        Assert.Contains("line 11 of the checkpoint file", result.Summary);
        Assert.False((await host.Verifier.LastCheckpointAsync()).Matches);
    }

    [Fact]
    public async Task Deleting_the_newest_entry_and_forging_a_checkpoint_for_the_shorter_chain_is_detected()
    {
        await using var host = await ChainOfFiveAsync();
        Assert.Equal(1, await host.Database.ExecuteAsync("DELETE FROM AuditEntries WHERE Id = 5"));
        string newHead;
        await using (var db = await host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            newHead = (await db.AuditEntries.SingleAsync(e => e.Id == 4)).OutcomeHash!;
        }
        new AuditCheckpoints(AuditChainKey.FromSecret("a guess at the chain key, long enough to be accepted"), host.Database.CheckpointPath, TimeProvider.System)
            .Append(new AuditCheckpoint(DateTime.UtcNow, 8, newHead, 4));

        Assert.False((await host.Verifier.LastCheckpointAsync()).Matches);
        Assert.False((await host.Verifier.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task A_chain_from_before_the_key_verifies_up_to_the_first_keyed_link_and_rewriting_it_is_caught_by_the_checkpoint()
    {
        using var database = AuditDatabase.Create();
        await using (var old = await WebServicesHost.AuditOnlyAsync(database))
        {
            await AppendAsync(old, 2);
            await InsiderScript.RehashFromAsync(old, fromLink: 1); // as the version before the key hashed them: plain SHA-256
        }
        File.Delete(database.CheckpointPath); // ...and it wrote no checkpoints

        await using var upgraded = await WebServicesHost.AuditOnlyAsync(database);
        await upgraded.AuditLog.AnchorAsync(); // what the app does at start
        await AppendAsync(upgraded, 1);
        var result = await upgraded.Verifier.VerifyAsync();
        Assert.True(result.IsIntact, result.Summary);
        Assert.Contains("Links 1 to 4 predate Audit:ChainKey", result.Summary);

        // The legacy part can be recomputed without the key, but not made to agree with the checkpoint again.
        Assert.Equal(1, await database.ExecuteAsync("UPDATE AuditEntries SET Amount = '9999.99' WHERE Id = 1"));
        await InsiderScript.RehashFromAsync(upgraded, fromLink: 1);
        var rewritten = await upgraded.Verifier.VerifyAsync();
        Assert.False(rewritten.IsIntact, rewritten.Summary);
        Assert.Contains("is not what the checkpoint recorded", rewritten.Summary);
    }

    /// <summary>
    /// The insider's script: the canonical content copied from the source, plain SHA-256, every link from
    /// <c>fromLink</c> on recomputed and written back with raw SQL. No key: that is what it cannot have.
    /// </summary>
    private static class InsiderScript
    {
        public static async Task RehashFromAsync(WebServicesHost host, long fromLink)
        {
            List<AuditEntry> entries;
            await using (var db = await host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            {
                entries = await db.AuditEntries.AsNoTracking().ToListAsync();
            }
            var links = entries.Select(e => (Link: e.Sequence, IsOutcome: false, Entry: e))
                .Concat(entries.Where(e => e.OutcomeSequence is not null).Select(e => (Link: e.OutcomeSequence!.Value, IsOutcome: true, Entry: e)))
                .OrderBy(l => l.Link);
            var previous = new string('0', 64);
            var sql = new StringBuilder();
            foreach (var (link, isOutcome, e) in links)
            {
                if (link < fromLink)
                {
                    previous = isOutcome ? e.OutcomeHash! : e.Hash;
                    continue;
                }
                string?[] fields = isOutcome
                    ? ["outcome", Text(e.OutcomeSequence), Text(e.Sequence), e.Outcome, e.CompletedAtUtc is { } at ? Time(at) : null, Text(e.LuccaStatus), e.Error]
                    : ["intent", Text(e.Sequence), Time(e.AtUtc), e.UserObjectId, e.UserName, e.UserEmail, e.Action, Text(e.InboxId), Text(e.DocumentId),
                        e.DocumentNumber, e.Supplier, e.Amount?.ToString("0.####", CultureInfo.InvariantCulture), e.Currency, e.DiffJson, e.Note, e.CorrelationId];
                var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previous + "\n" + JsonSerializer.Serialize(fields))));
                sql.Append(isOutcome
                    ? $"UPDATE AuditEntries SET OutcomePreviousHash = '{previous}', OutcomeHash = '{hash}' WHERE Id = {e.Id};\n"
                    : $"UPDATE AuditEntries SET PreviousHash = '{previous}', Hash = '{hash}' WHERE Id = {e.Id};\n");
                previous = hash;
            }
            await host.Database.ExecuteAsync(sql.ToString());
        }

        private static string? Text(long? value) => value?.ToString(CultureInfo.InvariantCulture);
        private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
    }
}
