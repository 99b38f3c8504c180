namespace LuccaInbox.Lucca.Http;

/// <summary>
/// Marks the Lucca requests made inside a scope as optional (a thumbnail nobody waits for): they are sent only if the
/// budget has room right now, else <see cref="LuccaBudgetBusyException"/> is thrown at once instead of queueing.
/// </summary>
public static class OptionalRequests
{
    private static readonly ScopedFlag Flag = new();
    private static readonly ScopedFlag AheadFlag = new();

    public static bool AreOptional => Flag.IsSet;

    /// <summary>Fetching ahead (the next documents' scans) is capped by its own share of the budget (Lucca:PrefetchShare),
    /// so it leaves people only the margin a file download leaves, not the half a thumbnail leaves.</summary>
    public static bool AreFetchAhead => AheadFlag.IsSet;

    public static IDisposable Begin() => Flag.Begin();

    public static IDisposable BeginFetchAhead() => new Both(Flag.Begin(), AheadFlag.Begin());

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            second.Dispose();
            first.Dispose();
        }
    }
}

/// <summary>
/// Marks the Lucca requests made inside a scope as part of a save or a booking (the version read before the write, the
/// read-back after it): they go in the write lane, which may take the slots people's reads leave free.
/// </summary>
public static class WriteLane
{
    private static readonly ScopedFlag Flag = new();

    public static bool IsActive => Flag.IsSet;

    public static IDisposable Begin() => Flag.Begin();
}

/// <summary>
/// Marks the Lucca requests made inside a scope as background work nobody waits for on screen (the supplier directory):
/// they queue in the files' lane, which leaves the write reserve and a fifth of the budget to people.
/// </summary>
public static class BackgroundLane
{
    private static readonly ScopedFlag Flag = new();

    public static bool IsActive => Flag.IsSet;

    public static IDisposable Begin() => Flag.Begin();
}

/// <summary>A flag that holds for everything done inside a scope, across awaits, and is restored when it ends.</summary>
internal sealed class ScopedFlag
{
    private readonly AsyncLocal<bool> _current = new();

    public bool IsSet => _current.Value;

    public IDisposable Begin()
    {
        var previous = _current.Value;
        _current.Value = true;
        return new Scope(this, previous);
    }

    private sealed class Scope(ScopedFlag flag, bool previous) : IDisposable
    {
        public void Dispose() => flag._current.Value = previous;
    }
}

public sealed class LuccaBudgetBusyException(TimeSpan? retryAfter)
    : Exception("The Lucca request budget is kept for people's actions right now.")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
