using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Audit;

public sealed record AuditIntent(string Action, int? InboxId, int? DocumentId, string? DocumentNumber, string? Supplier,
    decimal? Amount, string? Currency, string? DiffJson = null, string? Note = null);

/// <summary>The audit log could not be written: the Lucca call it was meant to cover must not be made.</summary>
public sealed class AuditUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>The one place that appends to the audit log. Appends are serialized, in this process by a lock and across
/// instances on PostgreSQL by an advisory lock, so concurrent writers extend one chain; the unique link numbers in the
/// database refuse a fork even so. After each commit the new
/// head goes to the checkpoint file and the app log, outside the database.</summary>
public sealed class AuditLog
{
    private readonly SemaphoreSlim _appendLock = new(1, 1);
    private readonly IDbContextFactory<AppDbContext> dbFactory;
    private readonly TimeProvider time;
    private readonly ILogger<AuditLog> logger;
    private readonly AuditChainKey key;
    private readonly AuditCheckpoints checkpoints;

    public AuditLog(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, ILogger<AuditLog> logger, AuditChainKey key,
        AuditCheckpoints checkpoints)
    {
        (this.dbFactory, this.time, this.logger, this.key, this.checkpoints) = (dbFactory, time, logger, key, checkpoints);
        if (key.IsDevelopmentKey)
        {
            logger.LogWarning("Audit:ChainKey is not configured: the audit chain is keyed with the built-in development key, " +
                "which anyone can recompute. Configure Audit:ChainKey before real use (see README, Audit chain).");
        }
    }

    /// <summary>Raised after each append or completion, for live views (on every instance when several share PostgreSQL).</summary>
    public event Action<AuditEntry>? Changed;

    /// <summary>Raised after each append or completion made by this instance only: what the other instances are told.</summary>
    public event Action<AuditEntry>? RecordedHere;

    /// <summary>An append or completion another instance made, for this instance's live views.</summary>
    public async Task ShowRecordedElsewhereAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        // This instance's checkpoint file anchors the links other instances wrote too: each file then covers the whole
        // chain, and one that lacks them would read as a deleted one.
        var (link, hash) = entry.OutcomeSequence is { } outcome ? (outcome, entry.OutcomeHash!) : (entry.Sequence, entry.Hash);
        await _appendLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            WriteCheckpoint(link, hash, await db.AuditEntries.CountAsync(e => e.Sequence <= link, cancellationToken));
        }
        finally
        {
            _appendLock.Release();
        }
        Changed?.Invoke(entry);
    }

    private void Announce(AuditEntry entry)
    {
        RecordedHere?.Invoke(entry);
        Changed?.Invoke(entry);
    }

    /// <summary>Writes the Pending entry before the Lucca call. Throws <see cref="AuditUnavailableException"/> on any storage failure.</summary>
    public async Task<AuditEntry> BeginAsync(AppUser user, AuditIntent intent, CancellationToken cancellationToken = default)
    {
        var entry = new AuditEntry
        {
            AtUtc = Stored(time.GetUtcNow()),
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
            entry.Hash = AuditHashing.IntentHash(entry, hash, key);
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            return (entry.Sequence, entry.Hash);
        }, "record the intent", "nothing was sent to Lucca", cancellationToken);
        logger.LogInformation("Audit {Action} #{EntryId} started by {UserObjectId} for inbox item {InboxId} (correlation {CorrelationId})",
            entry.Action, entry.Id, entry.UserObjectId, entry.InboxId, entry.CorrelationId);
        Announce(entry);
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
            entry.CompletedAtUtc = Stored(time.GetUtcNow());
            entry.LuccaStatus = luccaStatus;
            entry.Error = error is { Length: > 1000 } ? error[..1000] : error;
            entry.OutcomeSequence = sequence + 1;
            entry.OutcomePreviousHash = hash;
            entry.OutcomeHash = AuditHashing.OutcomeHash(entry, hash, key);
            await db.SaveChangesAsync(cancellationToken);
            return (entry.OutcomeSequence.Value, entry.OutcomeHash);
        }, "record the outcome", "Lucca was called, and its answer stays Pending in the audit log until it is recorded", cancellationToken);
        logger.LogInformation("Audit {Action} #{EntryId} {Outcome} (Lucca status {Status}, correlation {CorrelationId})",
            entry!.Action, entry.Id, entry.Outcome, entry.LuccaStatus, entry.CorrelationId);
        Announce(entry);
        return entry;
    }

    /// <summary>
    /// At startup: when the checkpoint file has no line yet (a new file, or a chain written before checkpoints existed),
    /// anchors the current head so that from now on it cannot be rewritten unnoticed.
    /// </summary>
    public async Task AnchorAsync(CancellationToken cancellationToken = default)
    {
        await _appendLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var (sequence, hash) = await HeadAsync(db, cancellationToken);
            if (sequence == 0 || checkpoints.ReadAll().Count > 0) return;
            WriteCheckpoint(sequence, hash, await db.AuditEntries.CountAsync(cancellationToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "The audit checkpoint file {Path} could not be read to anchor the chain", checkpoints.Path);
        }
        finally
        {
            _appendLock.Release();
        }
    }

    private async Task AppendAsync(Func<AppDbContext, Task<(long Sequence, string Hash)>> write, string what, string consequence,
        CancellationToken cancellationToken)
    {
        await _appendLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // SQLite has one writer at a time; PostgreSQL has as many as there are instances: they take turns here, so
            // each reads the head the previous one wrote (the unique link numbers alone would refuse a fork, not avoid it).
            if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('luccainbox:audit-chain'))", cancellationToken);
            var (sequence, hash) = await write(db);
            var count = await db.AuditEntries.CountAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            WriteCheckpoint(sequence, hash, count);
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

    /// <summary>Called under the append lock, after the commit: a failure is logged and shown by /health/ready, never
    /// thrown, because the entry is already recorded and the user's action must go on.</summary>
    private void WriteCheckpoint(long sequence, string hash, int count)
    {
        try
        {
            var line = checkpoints.Append(new AuditCheckpoint(time.GetUtcNow().UtcDateTime, sequence, hash, count));
            logger.LogInformation("Audit checkpoint {Checkpoint}", line);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "Audit checkpoint for link {Sequence} (hash {Hash}, {Count} entries) could not be written to {Path}",
                sequence, hash, count, checkpoints.Path);
        }
    }

    /// <summary>A time as every provider stores it (PostgreSQL keeps microseconds, not .NET's ticks): hashed as read back.</summary>
    private static DateTime Stored(DateTimeOffset now) => new(now.UtcTicks - now.UtcTicks % 10, DateTimeKind.Utc);

    private static async Task<(long Sequence, string Hash)> HeadAsync(AppDbContext db, CancellationToken cancellationToken)
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
