using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Data;
using Medallion.Threading;
using Medallion.Threading.Postgres;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// Saves and bookings of one document from this app go one at a time, so the version compared is the version written
/// over or booked: without ETags (or where Lucca ignores them) nothing else closes the gap between the check and the write,
/// and an attempt still on its way is never settled from Lucca by the next one as if its answer were lost.
/// A gate lives while someone holds or waits for it, so the table holds only documents being written. With several
/// instances on PostgreSQL the turn is also an advisory lock per document, held on its own connection (a killed instance
/// lets go at once), so they take turns across instances too.
/// </summary>
public sealed class DocumentGates(AppDatabase? database = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, Gate> _gates = [];

    private sealed class Gate
    {
        public readonly SemaphoreSlim Turn = new(1, 1);
        public int Holders;
    }

    /// <summary>Waits for the document's turn; dispose the result to give it up.</summary>
    public async Task<IDisposable> InOrderAsync(int inboxId, CancellationToken cancellationToken)
    {
        var gate = Join(inboxId);
        IDistributedSynchronizationHandle? acrossInstances = null;
        try
        {
            await gate.Turn.WaitAsync(cancellationToken);
            try
            {
                if (LockOf(inboxId) is { } advisory) acrossInstances = await AcquireAsync(() => advisory.AcquireAsync(cancellationToken: cancellationToken));
            }
            catch
            {
                gate.Turn.Release();
                throw;
            }
        }
        catch
        {
            Leave(inboxId, gate);
            throw;
        }
        return new Turn(() => { acrossInstances?.Dispose(); gate.Turn.Release(); Leave(inboxId, gate); });
    }

    /// <summary>Runs <paramref name="work"/> in the document's turn if no save or booking of it is on its way; false if one is.</summary>
    public async Task<bool> WhenIdleAsync(int inboxId, Func<Task> work)
    {
        var gate = Join(inboxId);
        try
        {
            if (!await gate.Turn.WaitAsync(0)) return false;
            try
            {
                var advisory = LockOf(inboxId);
                await using var acrossInstances = advisory is null ? null : await AcquireAsync(() => advisory.TryAcquireAsync(TimeSpan.Zero));
                if (advisory is not null && acrossInstances is null) return false;
                await work();
                return true;
            }
            finally
            {
                gate.Turn.Release();
            }
        }
        finally
        {
            Leave(inboxId, gate);
        }
    }

    /// <summary>How many documents have a gate now (held or awaited): zero when nothing is being written.</summary>
    public int Count
    {
        get { lock (_lock) return _gates.Count; }
    }

    private Gate Join(int inboxId)
    {
        lock (_lock)
        {
            if (!_gates.TryGetValue(inboxId, out var gate)) _gates[inboxId] = gate = new Gate();
            gate.Holders++;
            return gate;
        }
    }

    private PostgresDistributedLock? LockOf(int inboxId) => database is { IsPostgres: true }
        ? new PostgresDistributedLock(new PostgresAdvisoryLockKey("luccainbox:document:" + inboxId, allowHashing: true), database.ConnectionString)
        : null;

    // Nothing is sent to Lucca without the document's turn: a database that does not answer stops the write, as the audit log would.
    private static async Task<T> AcquireAsync<T>(Func<ValueTask<T>> acquire)
    {
        try
        {
            return await acquire();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            throw new AuditUnavailableException("The database could not be reached to take this document's turn; nothing was sent to Lucca. Try again in a moment.", e);
        }
    }

    private void Leave(int inboxId, Gate gate)
    {
        lock (_lock)
        {
            if (--gate.Holders == 0) _gates.Remove(inboxId);
        }
    }

    private sealed class Turn(Action release) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) release();
        }
    }
}
