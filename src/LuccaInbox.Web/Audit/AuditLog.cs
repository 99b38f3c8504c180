using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Audit;

public sealed record AuditIntent(string Action, int? InboxId, int? DocumentId, string? DocumentNumber, string? Supplier,
    decimal? Amount, string? Currency, string? DiffJson = null, string? Note = null);

/// <summary>The audit log could not be written: the Lucca call it was meant to cover must not be made.</summary>
public sealed class AuditUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>The one place that appends to the audit log. Appends are serialized, so concurrent writers extend
/// one chain; the unique link numbers in the database refuse a fork even across processes.</summary>
public sealed class AuditLog(IDbContextFactory<AuditDbContext> dbFactory, TimeProvider time, ILogger<AuditLog> logger)
{
    private readonly SemaphoreSlim _appendLock = new(1, 1);

    /// <summary>Raised after each append or completion, for live views.</summary>
    public event Action<AuditEntry>? Changed;

    /// <summary>Writes the Pending entry before the Lucca call. Throws <see cref="AuditUnavailableException"/> on any storage failure.</summary>
    public async Task<AuditEntry> BeginAsync(AppUser user, AuditIntent intent, CancellationToken cancellationToken = default)
    {
        var entry = new AuditEntry
        {
            AtUtc = time.GetUtcNow().UtcDateTime,
            UserObjectId = user.ObjectId,
            UserName = user.Name,
            UserEmail = user.Email,
            Action = intent.Action,
            InboxId = intent.InboxId,
            DocumentId = intent.DocumentId,
            DocumentNumber = intent.DocumentNumber,
            Supplier = intent.Supplier,
            Amount = intent.Amount,
            Currency = intent.Currency,
            DiffJson = intent.DiffJson,
            Note = intent.Note,
            CorrelationId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N"),
            Outcome = AuditOutcomes.Pending,
        };
        await AppendAsync(async db =>
        {
            var (sequence, hash) = await HeadAsync(db, cancellationToken);
            entry.Sequence = sequence + 1;
            entry.PreviousHash = hash;
            entry.Hash = AuditHashing.IntentHash(entry, hash);
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
        }, "record the intent", "nothing was sent to Lucca", cancellationToken);
        logger.LogInformation("Audit {Action} #{EntryId} started by {UserObjectId} for inbox item {InboxId} (correlation {CorrelationId})",
            entry.Action, entry.Id, entry.UserObjectId, entry.InboxId, entry.CorrelationId);
        Changed?.Invoke(entry);
        return entry;
    }

    /// <summary>Records the outcome of the entry's own attempt: the only update an entry ever gets.</summary>
    public async Task<AuditEntry> CompleteAsync(AuditEntry started, string outcome, int? luccaStatus = null, string? error = null,
        CancellationToken cancellationToken = default)
    {
        AuditEntry? entry = null;
        await AppendAsync(async db =>
        {
            entry = await db.AuditEntries.SingleAsync(e => e.Id == started.Id, cancellationToken);
            if (entry.OutcomeSequence is not null) throw new InvalidOperationException($"Audit entry {entry.Id} already has an outcome.");
            var (sequence, hash) = await HeadAsync(db, cancellationToken);
            entry.Outcome = outcome;
            entry.CompletedAtUtc = time.GetUtcNow().UtcDateTime;
            entry.LuccaStatus = luccaStatus;
            entry.Error = error is { Length: > 1000 } ? error[..1000] : error;
            entry.OutcomeSequence = sequence + 1;
            entry.OutcomePreviousHash = hash;
            entry.OutcomeHash = AuditHashing.OutcomeHash(entry, hash);
            await db.SaveChangesAsync(cancellationToken);
        }, "record the outcome", "Lucca was called, and its answer stays Pending in the audit log until it is recorded", cancellationToken);
        logger.LogInformation("Audit {Action} #{EntryId} {Outcome} (Lucca status {Status}, correlation {CorrelationId})",
            entry!.Action, entry.Id, entry.Outcome, entry.LuccaStatus, entry.CorrelationId);
        Changed?.Invoke(entry);
        return entry;
    }

    private async Task AppendAsync(Func<AuditDbContext, Task> write, string what, string consequence, CancellationToken cancellationToken)
    {
        await _appendLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await write(db);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or IOException)
        {
            logger.LogError(e, "The audit log could not {What}", what);
            throw new AuditUnavailableException($"The audit log could not {what}; {consequence}. Try again in a moment or tell your administrator.", e);
        }
        finally
        {
            _appendLock.Release();
        }
    }

    private static async Task<(long Sequence, string Hash)> HeadAsync(AuditDbContext db, CancellationToken cancellationToken)
    {
        var lastIntent = await db.AuditEntries.OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        var lastOutcome = await db.AuditEntries.Where(e => e.OutcomeSequence != null).OrderByDescending(e => e.OutcomeSequence)
            .Select(e => new { Sequence = e.OutcomeSequence!.Value, Hash = e.OutcomeHash! }).FirstOrDefaultAsync(cancellationToken);
        return (lastIntent, lastOutcome) switch
        {
            (null, null) => (0, AuditHashing.GenesisHash),
            (not null, null) => (lastIntent.Sequence, lastIntent.Hash),
            (not null, not null) when lastIntent.Sequence > lastOutcome.Sequence => (lastIntent.Sequence, lastIntent.Hash),
            _ => (lastOutcome!.Sequence, lastOutcome.Hash),
        };
    }
}
