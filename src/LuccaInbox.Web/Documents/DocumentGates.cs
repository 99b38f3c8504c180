namespace LuccaInbox.Web.Documents;

/// <summary>
/// Saves and bookings of one document from this app go one at a time, so the version compared is the version written
/// over or booked: without ETags (or where Lucca ignores them) nothing else closes the gap between the check and the write.
/// A gate lives while someone holds or waits for it, so the table holds only documents being written.
/// </summary>
public sealed class DocumentGates
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
        try
        {
            await gate.Turn.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(inboxId, gate);
            throw;
        }
        return new Turn(() => { gate.Turn.Release(); Leave(inboxId, gate); });
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
