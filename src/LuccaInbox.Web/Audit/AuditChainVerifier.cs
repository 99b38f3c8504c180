using System.Globalization;
using LuccaInbox.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Audit;

public sealed record ChainVerification(bool IsIntact, int EntriesChecked, int LinksChecked, long? BrokenEntryId, long? BrokenSequence,
    string Summary, string? HeadHash, CheckpointStatus Checkpoint);

/// <summary>The last checkpoint written outside the database, and whether the chain still agrees with it.</summary>
public sealed record CheckpointStatus(AuditCheckpoint? Last, bool Matches, string Summary);

/// <summary>
/// Walks every link in sequence order, recomputing each keyed hash from the previous one, then checks the chain against
/// every checkpoint written outside the database; names the first broken entry or checkpoint.
/// </summary>
public sealed class AuditChainVerifier(IDbContextFactory<AppDbContext> dbFactory, AuditChainKey key, AuditCheckpoints checkpoints)
{
    private sealed record Link(long Sequence, bool IsOutcome, AuditEntry Entry)
    {
        public string Hash => IsOutcome ? Entry.OutcomeHash! : Entry.Hash;
    }

    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = await db.AuditEntries.AsNoTracking().ToListAsync(cancellationToken);
        var microsecondTimes = db.Database.IsNpgsql();
        var links = entries.Select(e => new Link(e.Sequence, false, e))
            .Concat(entries.Where(e => e.OutcomeSequence is not null).Select(e => new Link(e.OutcomeSequence!.Value, true, e)))
            .OrderBy(l => l.Sequence)
            .ToList();
        var checkpoint = await LastCheckpointAsync(cancellationToken);
        ChainVerification Broken(string problem, int linksChecked, Link? at) => new(false, entries.Count, linksChecked, at?.Entry.Id,
            at?.Sequence, $"Broken at {problem}.", null, checkpoint);
        ChainVerification CheckpointBroken(string problem, Link? at = null) => Broken(problem, links.Count, at) with
        {
            Checkpoint = checkpoint with
            {
                Matches = false,
                Summary = checkpoint.Last is { } last ? $"Last checkpoint: link {last.Sequence} at {Time(last.AtUtc)}, chain does not match." : checkpoint.Summary,
            },
        };

        var previous = AuditHashing.GenesisHash;
        var legacyLinks = 0;
        for (var i = 0; i < links.Count; i++)
        {
            var link = links[i];
            var problem = LinkProblem(link, i + 1L, previous, microsecondTimes, ref legacyLinks);
            if (problem is not null) return Broken(problem, i, link);
            previous = link.Hash;
        }

        // Links deleted or rewritten from the end, or the whole chain rewritten, still disagree with a checkpoint.
        IReadOnlyList<AuditCheckpointLine> lines;
        try
        {
            lines = checkpoints.ReadAll();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CheckpointBroken($"the checkpoint file {checkpoints.Path}, which could not be read ({e.Message})");
        }
        if (lines.Count == 0 && links.Count > 0)
        {
            return CheckpointBroken($"the checkpoint file {checkpoints.Path}: it holds no checkpoint for this chain (lost, moved or never written)");
        }
        var intentsUpTo = new int[links.Count + 1];
        for (var i = 0; i < links.Count; i++) intentsUpTo[i + 1] = intentsUpTo[i] + (links[i].IsOutcome ? 0 : 1);
        foreach (var line in lines)
        {
            if (line.Checkpoint is not { } c)
            {
                return CheckpointBroken($"line {line.LineNumber} of the checkpoint file: it was not written by this app (its MAC does not match the chain key)");
            }
            var at = $"the checkpoint of {Time(c.AtUtc)} (line {line.LineNumber})";
            if (c.Sequence < 1 || c.Sequence > links.Count)
            {
                return CheckpointBroken($"{at}: it names link {c.Sequence}, but the chain ends at link {links.Count}, so links were deleted from the end");
            }
            var link = links[(int)c.Sequence - 1];
            if (link.Hash != c.Hash || intentsUpTo[c.Sequence] != c.Count)
            {
                return CheckpointBroken($"{at}: link {c.Sequence} or an entry before it is not what the checkpoint recorded, so the chain was rewritten", link);
            }
        }

        var summary = $"Intact: {entries.Count} entries, {links.Count} links verified, consistent with {lines.Count} checkpoints.";
        if (legacyLinks > 0) summary += $" Links 1 to {legacyLinks} predate Audit:ChainKey (plain SHA-256): only the checkpoints protect them.";
        var anchored = lines.Max(l => l.Checkpoint?.Sequence) ?? 0;
        if (anchored < links.Count) summary += $" Links {anchored + 1} to {links.Count} are newer than the last checkpoint.";
        return new ChainVerification(true, entries.Count, links.Count, null, null, summary, previous, checkpoint);
    }

    /// <summary>The last checkpoint against the database: one lookup, cheap enough for every view of /audit.</summary>
    public async Task<CheckpointStatus> LastCheckpointAsync(CancellationToken cancellationToken = default)
    {
        AuditCheckpoint? last;
        bool forged;
        try
        {
            last = checkpoints.ReadLast(out forged);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CheckpointStatus(null, false, $"The checkpoint file {checkpoints.Path} could not be read ({e.Message}).");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (forged) return new CheckpointStatus(null, false, "The last line of the checkpoint file was not written by this app: the chain does not match.");
        if (last is null)
        {
            var empty = !await db.AuditEntries.AnyAsync(cancellationToken);
            return new CheckpointStatus(null, empty, empty ? "No checkpoint yet (the audit log is empty)." : "No checkpoint: the chain is not anchored outside the database.");
        }
        var hashes = await db.AuditEntries.Where(e => e.Sequence == last.Sequence).Select(e => e.Hash)
            .Concat(db.AuditEntries.Where(e => e.OutcomeSequence == last.Sequence).Select(e => e.OutcomeHash!))
            .ToListAsync(cancellationToken);
        var count = await db.AuditEntries.CountAsync(e => e.Sequence <= last.Sequence, cancellationToken);
        var matches = hashes is [var hash] && hash == last.Hash && count == last.Count;
        return new CheckpointStatus(last, matches,
            $"Last checkpoint: link {last.Sequence} at {Time(last.AtUtc)}, chain {(matches ? "matches" : "does not match")}.");
    }

    private string? LinkProblem(Link link, long expectedSequence, string previous, bool microsecondTimes, ref int legacyLinks)
    {
        var entry = link.Entry;
        if (link.Sequence != expectedSequence)
        {
            return link.Sequence > expectedSequence
                ? $"link {expectedSequence}, which is missing before entry #{entry.Id} (a row or an outcome was deleted)"
                : $"link {link.Sequence}, which appears twice";
        }
        if ((link.IsOutcome ? entry.OutcomePreviousHash : entry.PreviousHash) != previous)
        {
            return $"entry #{entry.Id}, which does not follow the link before it (rows were reordered, removed or replaced)";
        }
        var what = link.IsOutcome ? $"the outcome of entry #{entry.Id}" : $"entry #{entry.Id}";
        var hashed = HashedAs(link, previous, microsecondTimes);
        if (hashed is null) return $"{what}, which was changed after it was written";
        if (hashed == Hashed.Legacy)
        {
            // Plain SHA-256 links are accepted only as the unbroken start of a chain written before the key existed.
            if (legacyLinks != expectedSequence - 1) return $"{what}, which was re-hashed without the chain key after keyed links (the chain was rewritten from there)";
            legacyLinks++;
        }
        if (!link.IsOutcome && entry.OutcomeSequence is null && entry.Outcome != AuditOutcomes.Pending)
        {
            return $"entry #{entry.Id}, which shows an outcome that was never recorded in the chain";
        }
        return null;
    }

    private enum Hashed { Keyed, Legacy }

    /// <summary>
    /// How the link's content was hashed, or null when it matches no hash (it was changed). PostgreSQL keeps times to the
    /// microsecond: a time written on SQLite before AuditLog kept microseconds too (copy-database) lost its last 100-ns
    /// digit there, and the hash still tells which of the ten it was. Nothing else can be changed that way: PostgreSQL
    /// cannot store the other nine values.
    /// </summary>
    private Hashed? HashedAs(Link link, string previous, bool microsecondTimes)
    {
        var time = link.IsOutcome ? link.Entry.CompletedAtUtc : link.Entry.AtUtc;
        var candidates = microsecondTimes && time is { Ticks: var ticks } && ticks % 10 == 0 ? 10 : 1;
        for (var digit = 0; digit < candidates; digit++)
        {
            var content = link.IsOutcome ? AuditHashing.OutcomeContent(link.Entry, previous, digit) : AuditHashing.IntentContent(link.Entry, previous, digit);
            if (key.Mac(content) == link.Hash) return Hashed.Keyed;
            if (AuditHashing.LegacyHash(content) == link.Hash) return Hashed.Legacy;
        }
        return null;
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
