namespace LuccaInbox.Lucca.Http;

/// <summary>
/// Marks the Lucca requests made inside a scope as optional (a thumbnail nobody waits for): they are sent only if the
/// budget has room right now, else <see cref="LuccaBudgetBusyException"/> is thrown at once instead of queueing.
/// </summary>
public static class OptionalRequests
{
    private static readonly AsyncLocal<bool> Current = new();

    public static bool AreOptional => Current.Value;

    public static IDisposable Begin()
    {
        var previous = Current.Value;
        Current.Value = true;
        return new Scope(previous);
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>
/// Marks the Lucca requests made inside a scope as part of a save or a booking (the version read before the write, the
/// read-back after it): they go in the write lane, which may take the slots people's reads leave free.
/// </summary>
public static class WriteLane
{
    private static readonly AsyncLocal<bool> Current = new();

    public static bool IsActive => Current.Value;

    public static IDisposable Begin()
    {
        var previous = Current.Value;
        Current.Value = true;
        return new Scope(previous);
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

public sealed class LuccaBudgetBusyException(TimeSpan? retryAfter)
    : Exception("The Lucca request budget is kept for people's actions right now.")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
