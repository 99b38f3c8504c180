using Microsoft.Extensions.Time.Testing;

namespace LuccaInbox.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows how many one-shot timers (a <c>Task.Delay</c> on it) are waiting for
/// fake time to pass. Code that waits on this clock has settled once its waiters are parked on such a timer: a test
/// then checks what happened and advances time, instead of sleeping on the wall clock and hoping the waiters ran.
/// </summary>
public sealed class FakeClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _parked;

    public FakeClock() : this(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>One-shot timers created on this clock that have neither fired nor been disposed.</summary>
    public int Parked => Volatile.Read(ref _parked);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan) return base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _parked);
        var tracked = new OneShot(this);
        tracked.Inner = base.CreateTimer(s =>
        {
            tracked.Leave();
            callback(s);
        }, state, dueTime, period);
        return tracked;
    }

    /// <summary>Waits (bounded, on the wall clock) until <paramref name="waiters"/> timers are parked on this clock, or
    /// until <paramref name="orDone"/> holds: the code under test has done all it can before fake time moves on.</summary>
    public Task SettledAsync(int waiters = 1, Func<bool>? orDone = null) =>
        Eventually.TrueAsync(() => Parked >= waiters || orDone?.Invoke() == true,
            $"{waiters} waiter(s) to park on the fake clock (parked now: {Parked})");

    private sealed class OneShot(FakeClock clock) : ITimer
    {
        private int _left;

        public ITimer Inner { get; set; } = null!;

        public void Leave()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) Interlocked.Decrement(ref clock._parked);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => Inner.Change(dueTime, period);

        public void Dispose()
        {
            Leave();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Leave();
            return Inner.DisposeAsync();
        }
    }
}
