using System.Threading.RateLimiting;

namespace LuccaInbox.Lucca.Http;

/// <summary>
/// At most the limit in force in any sliding window, queueing the excess instead of failing: the count and the limit are
/// the <see cref="RequestGrantLog"/>'s (this process's own, <see cref="InMemoryRequestGrantLog"/>, or one shared by every
/// instance), the lanes are this process's. Each lane is a queue of its own, served in arrival order, so a save or a
/// booking never waits behind a batch of reads or images. Time comes from a <see cref="TimeProvider"/> so tests can drive it.
/// </summary>
public sealed class SlidingWindowLogRateLimiter : RateLimiter
{
    private readonly RequestGrantLog _log;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _waitersInOrder = new(1, 1);
    private readonly SemaphoreSlim _backgroundWaitersInOrder = new(1, 1);
    private readonly SemaphoreSlim _readWaitersInOrder = new(1, 1);
    private long _granted;
    private int _queued;
    private long _lastActivity;

    public SlidingWindowLogRateLimiter(int permitLimit, TimeSpan window, TimeProvider time)
        : this(new InMemoryRequestGrantLog(permitLimit, window, time), time)
    {
    }

    public SlidingWindowLogRateLimiter(RequestGrantLog log, TimeProvider time)
    {
        _log = log;
        _time = time;
        _lastActivity = time.GetTimestamp();
    }

    public int PermitLimit => _log.PermitLimit;
    public TimeSpan Window => _log.Window;
    public RequestGrantLog Log => _log;

    /// <summary>The limit in force now: <see cref="PermitLimit"/> lowered after 429s, recovering one per window.</summary>
    public int CurrentLimit => _log.CurrentLimit;

    /// <summary>Lucca answered 429: halve the current limit, at most once per window so a burst of 429s halves it once;
    /// any 429 restarts the recovery.</summary>
    public ValueTask ReportRateLimitedAsync(CancellationToken cancellationToken = default) => _log.ReportRateLimitedAsync(cancellationToken);

    /// <summary><see cref="ReportRateLimitedAsync"/> for an in-memory log (a shared one is waited for).</summary>
    public void ReportRateLimited()
    {
        var reported = _log.ReportRateLimitedAsync(CancellationToken.None);
        if (!reported.IsCompletedSuccessfully) reported.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>How many grants fall inside the current window (on a shared log, as last seen).</summary>
    public int UsedInWindow => _log.UsedInWindow;

    public override TimeSpan? IdleDuration => _queued > 0 ? null : _time.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public override RateLimiterStatistics GetStatistics() => new()
    {
        CurrentAvailablePermits = Math.Max(0, _log.CurrentLimit - _log.UsedInWindow),
        CurrentQueuedCount = _queued,
        TotalSuccessfulLeases = Interlocked.Read(ref _granted),
        TotalFailedLeases = 0,
    };

    /// <summary>Only for a log that answers at once (in memory): a shared log is asked with <see cref="AttemptAcquireBackgroundAsync"/>.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ThrowIfNotOne(permitCount);
        var attempt = TryGrantAsync(0, CancellationToken.None);
        if (!attempt.IsCompletedSuccessfully)
        {
            throw new NotSupportedException("This budget's grants are asked of a shared log: use AttemptAcquireBackgroundAsync.");
        }
        return LeaseFor(attempt.Result);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ThrowIfNotOne(permitCount);
        return QueueAsync(_waitersInOrder, reserve: 0, cancellationToken);
    }

    /// <summary>
    /// For work nobody is waiting on (page images, thumbnails): granted only while <paramref name="reserve"/> slots of
    /// the window stay free, in a queue of its own, so a save or a booking never waits behind a batch of images.
    /// </summary>
    public ValueTask<RateLimitLease> AcquireBackgroundAsync(int reserve, CancellationToken cancellationToken = default) =>
        QueueAsync(_backgroundWaitersInOrder, reserve, cancellationToken);

    /// <summary>
    /// For people's reads (opening, refreshing, browsing booked documents): granted only while <paramref name="reserve"/>
    /// slots of the window stay free for saves and bookings (<see cref="RateLimiter.AcquireAsync"/>), in a queue of its
    /// own, so a flood of reads can neither take the last slots nor make a write wait behind it.
    /// </summary>
    public ValueTask<RateLimitLease> AcquireReadAsync(int reserve, CancellationToken cancellationToken = default) =>
        QueueAsync(_readWaitersInOrder, reserve, cancellationToken);

    /// <summary>A background slot now, or none (with the wait until one) without queueing.</summary>
    public async ValueTask<RateLimitLease> AttemptAcquireBackgroundAsync(int reserve, CancellationToken cancellationToken = default) =>
        LeaseFor(await TryGrantAsync(reserve, cancellationToken).ConfigureAwait(false));

    private async ValueTask<RateLimitLease> QueueAsync(SemaphoreSlim lane, int reserve, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queued);
        try
        {
            // One waiter per lane at a time asks for the next free slot, so requests leave in arrival order.
            await lane.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (await TryGrantAsync(reserve, cancellationToken).ConfigureAwait(false) is { Granted: false } refused)
                {
                    await Task.Delay(refused.Wait, _time, cancellationToken).ConfigureAwait(false);
                }
                return Lease.Granted;
            }
            finally
            {
                lane.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    private ValueTask<GrantAttempt> TryGrantAsync(int reserve, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastActivity, _time.GetTimestamp());
        var attempt = _log.TryGrantAsync(reserve, cancellationToken);
        if (attempt.IsCompletedSuccessfully)
        {
            if (attempt.Result.Granted) Interlocked.Increment(ref _granted);
            return attempt;
        }
        return CountedAsync(attempt);
    }

    private async ValueTask<GrantAttempt> CountedAsync(ValueTask<GrantAttempt> pending)
    {
        var attempt = await pending.ConfigureAwait(false);
        if (attempt.Granted) Interlocked.Increment(ref _granted);
        return attempt;
    }

    private static RateLimitLease LeaseFor(GrantAttempt attempt) => attempt.Granted ? Lease.Granted : new Lease(false, attempt.Wait);

    private static void ThrowIfNotOne(int permitCount)
    {
        if (permitCount != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), "Each Lucca request takes exactly one permit.");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _waitersInOrder.Dispose();
            _backgroundWaitersInOrder.Dispose();
            _readWaitersInOrder.Dispose();
            _log.Dispose();
        }
        base.Dispose(disposing);
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter = null) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);

        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
