using LuccaInbox.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Audit;

public sealed record ChainVerification(bool IsIntact, int EntriesChecked, int LinksChecked, long? BrokenEntryId, long? BrokenSequence,
    string Summary, string? HeadHash);

/// <summary>Walks every link in sequence order, recomputing each hash from the previous one, and names the first broken entry.</summary>
public sealed class AuditChainVerifier(IDbContextFactory<AuditDbContext> dbFactory)
{
    private sealed record Link(long Sequence, bool IsOutcome, AuditEntry Entry);

    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = await db.AuditEntries.AsNoTracking().ToListAsync(cancellationToken);
        var links = entries.Select(e => new Link(e.Sequence, false, e))
            .Concat(entries.Where(e => e.OutcomeSequence is not null).Select(e => new Link(e.OutcomeSequence!.Value, true, e)))
            .OrderBy(l => l.Sequence)
            .ToList();

        var previous = AuditHashing.GenesisHash;
        for (var i = 0; i < links.Count; i++)
        {
            var link = links[i];
            var entry = link.Entry;
            var expectedSequence = i + 1L;
            string? problem = null;
            if (link.Sequence != expectedSequence)
            {
                problem = link.Sequence > expectedSequence
                    ? $"link {expectedSequence} is missing before entry #{entry.Id} (a row or an outcome was deleted)"
                    : $"link {link.Sequence} appears twice";
            }
            else if ((link.IsOutcome ? entry.OutcomePreviousHash : entry.PreviousHash) != previous)
            {
                problem = $"entry #{entry.Id} does not follow the link before it (rows were reordered, removed or replaced)";
            }
            else if (!link.IsOutcome && AuditHashing.IntentHash(entry, previous) != entry.Hash)
            {
                problem = $"entry #{entry.Id} was changed after it was written";
            }
            else if (link.IsOutcome && AuditHashing.OutcomeHash(entry, previous) != entry.OutcomeHash)
            {
                problem = $"the outcome of entry #{entry.Id} was changed after it was written";
            }
            else if (!link.IsOutcome && entry.OutcomeSequence is null && entry.Outcome != AuditOutcomes.Pending)
            {
                problem = $"entry #{entry.Id} shows an outcome that was never recorded in the chain";
            }

            if (problem is not null)
            {
                return new ChainVerification(false, entries.Count, i, entry.Id, link.Sequence, $"Broken at {problem}.", null);
            }
            previous = link.IsOutcome ? entry.OutcomeHash! : entry.Hash;
        }
        return new ChainVerification(true, entries.Count, links.Count, null, null,
            $"Intact: {entries.Count} entries, {links.Count} links verified.", previous);
    }
}
