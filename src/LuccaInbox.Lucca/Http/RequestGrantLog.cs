namespace LuccaInbox.Lucca.Http;

/// <summary>
/// The record of a tenant's grants that <see cref="SlidingWindowLogRateLimiter"/> counts: at most the limit in force in any
/// sliding window, the limit lowered after a 429 and recovered one per quiet window. In memory for one instance
/// (<see cref="InMemoryRequestGrantLog"/>); in the shared database when several instances spend one tenant's budget.
/// </summary>
public abstract class RequestGrantLog : IDisposable
{
    protected RequestGrantLog(int permitLimit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        PermitLimit = permitLimit;
        Window = window;
    }

    public int PermitLimit { get; }
    public TimeSpan Window { get; }

    /// <summary>The limit in force: <see cref="PermitLimit"/> lowered after 429s, recovering one per window
    /// (on a shared log, as last seen).</summary>
    public abstract int CurrentLimit { get; }

    /// <summary>Grants in the current window (on a shared log, as last seen: <see cref="CountInWindowAsync"/> asks).</summary>
    public abstract int UsedInWindow { get; }

    /// <summary>
    /// Records one grant now if fewer than the limit in force minus <paramref name="reserve"/> (kept below the limit, so
    /// at least one slot is left) fall in the window; otherwise the wait until one may.
    /// </summary>
    public abstract ValueTask<GrantAttempt> TryGrantAsync(int reserve, CancellationToken cancellationToken);

    /// <summary>Lucca answered 429: halve the limit in force, at most once per window; any 429 restarts the recovery.</summary>
    public abstract ValueTask ReportRateLimitedAsync(CancellationToken cancellationToken);

    public virtual ValueTask<int> CountInWindowAsync(CancellationToken cancellationToken) => ValueTask.FromResult(UsedInWindow);

    /// <summary>The lane's limit: the limit in force less the reserve, the reserve never taking the last slot.</summary>
    public static int LaneLimit(int currentLimit, int reserve) => currentLimit - Math.Clamp(reserve, 0, currentLimit - 1);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

public readonly record struct GrantAttempt(bool Granted, TimeSpan Wait)
{
    public static readonly GrantAttempt Now = new(true, TimeSpan.Zero);
}

/// <summary>Makes the grant log of each tenant host <see cref="LuccaRequestBudget"/> limits.</summary>
public interface IRequestGrantLogFactory
{
    RequestGrantLog Create(string host, int permitLimit, TimeSpan window);
}

/// <summary>The shared budget could not be consulted (the database is unreachable): the request is not sent, rather than
/// sent outside the budget.</summary>
public sealed class LuccaBudgetUnavailableException(string host, Exception inner)
    : Exception($"The shared Lucca request budget for {host} could not be consulted, so the request was not sent: {inner.Message}", inner);
