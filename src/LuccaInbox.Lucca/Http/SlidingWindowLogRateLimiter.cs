using System.Threading.RateLimiting;

namespace LuccaInbox.Lucca.Http;

/// <summary>
/// At most <c>permitLimit</c> grants in any sliding window, queueing the excess instead of failing.
/// A token bucket (the first idea) lets up to twice its limit through in some one-minute span,
/// which breaks "never more than N per minute"; a log of the last N grant times keeps it exactly.
/// Time comes from a <see cref="TimeProvider"/> so tests can drive it.
/// The limit in force (<see cref="CurrentLimit"/>) adapts, additive increase / multiplicative decrease: the budget is
/// shared with the customer's other integrations (API-FACTS §0.4), so Lucca may answer 429 while our own count is
/// under the limit; <see cref="ReportRateLimited"/> then halves it (once per window, floor 1), and each window without
/// a 429 adds one back, up to <c>permitLimit</c>.
/// </summary>
public sealed class SlidingWindowLogRateLimiter : RateLimiter
{
    private readonly int _permitLimit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Queue<long> _grantTimestamps = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _waitersInOrder = new(1, 1);
    private readonly SemaphoreSlim _backgroundWaitersInOrder = new(1, 1);
    private readonly SemaphoreSlim _readWaitersInOrder = new(1, 1);
    private long _granted;
    private int _queued;
    private long _lastActivity;
    private int _currentLimit;
    private long _lastChange;
    private long? _lastDecrease;

    public SlidingWindowLogRateLimiter(int permitLimit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _permitLimit = permitLimit;
        _window = window;
        _time = time;
        _lastActivity = time.GetTimestamp();
        _currentLimit = permitLimit;
    }

    public int PermitLimit => _permitLimit;
    public TimeSpan Window => _window;

    /// <summary>The limit in force now: <see cref="PermitLimit"/> lowered after 429s, recovering one per window.</summary>
    public int CurrentLimit
    {
        get
        {
            lock (_lock)
            {
                Recover(_time.GetTimestamp());
                return _currentLimit;
            }
        }
    }

    /// <summary>Lucca answered 429: halve the current limit, at most once per window so a burst of 429s halves it once;
    /// any 429 restarts the recovery.</summary>
    public void ReportRateLimited()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            Recover(now);
            _lastChange = now; // recovery counts whole windows without a 429
            if (_lastDecrease is { } last && _time.GetElapsedTime(last, now) < _window) return;
            _currentLimit = Math.Max(1, _currentLimit / 2);
            _lastDecrease = now;
        }
    }

    /// <summary>How many grants fall inside the current window.</summary>
    public int UsedInWindow
    {
        get
        {
            lock (_lock)
            {
                ForgetExpired(_time.GetTimestamp());
                return _grantTimestamps.Count;
            }
        }
    }

    public override TimeSpan? IdleDuration => _queued > 0 ? null : _time.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_lock)
        {
            ForgetExpired(_time.GetTimestamp());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = Math.Max(0, _currentLimit - _grantTimestamps.Count),
                CurrentQueuedCount = _queued,
                TotalSuccessfulLeases = _granted,
                TotalFailedLeases = 0,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ThrowIfNotOne(permitCount);
        return TryGrant(out var wait) ? Lease.Granted : new Lease(false, wait);
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
    public RateLimitLease AttemptAcquireBackground(int reserve) =>
        TryGrant(reserve, out var wait) ? Lease.Granted : new Lease(false, wait);

    private async ValueTask<RateLimitLease> QueueAsync(SemaphoreSlim lane, int reserve, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queued);
        try
        {
            // One waiter per lane at a time asks for the next free slot, so requests leave in arrival order.
            await lane.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (!TryGrant(reserve, out var wait))
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
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

    private bool TryGrant(out TimeSpan wait) => TryGrant(0, out wait);

    private bool TryGrant(int reserve, out TimeSpan wait)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            Interlocked.Exchange(ref _lastActivity, now);
            ForgetExpired(now);
            Recover(now);
            var limit = _currentLimit - Math.Clamp(reserve, 0, _currentLimit - 1);
            if (_grantTimestamps.Count < limit)
            {
                _grantTimestamps.Enqueue(now);
                _granted++;
                wait = TimeSpan.Zero;
                return true;
            }
            // Room appears when enough of the oldest grants have left the window: the (excess + 1)-th oldest is the one.
            var freedBy = _grantTimestamps.ElementAt(_grantTimestamps.Count - limit);
            wait = _window - _time.GetElapsedTime(freedBy, now);
            if (wait <= TimeSpan.Zero)
            {
                wait = TimeSpan.FromMilliseconds(1);
            }
            return false;
        }
    }

    // One step back up per whole window since the last change.
    private void Recover(long now)
    {
        if (_currentLimit >= _permitLimit) return;
        var windows = (int)(_time.GetElapsedTime(_lastChange, now) / _window);
        if (windows <= 0) return;
        _currentLimit = Math.Min(_permitLimit, _currentLimit + windows);
        _lastChange = _currentLimit == _permitLimit ? now
            : _lastChange + (long)(windows * _window.TotalSeconds * _time.TimestampFrequency);
    }

    private void ForgetExpired(long now)
    {
        while (_grantTimestamps.Count > 0 && _time.GetElapsedTime(_grantTimestamps.Peek(), now) >= _window)
        {
            _grantTimestamps.Dequeue();
        }
    }

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
