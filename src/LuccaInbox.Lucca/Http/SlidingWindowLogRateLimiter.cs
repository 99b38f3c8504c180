using System.Threading.RateLimiting;

namespace LuccaInbox.Lucca.Http;

/// <summary>
/// At most <c>permitLimit</c> grants in any sliding window, queueing the excess instead of failing.
/// A token bucket (the first idea) lets up to twice its limit through in some one-minute span,
/// which breaks "never more than N per minute"; a log of the last N grant times keeps it exactly.
/// Time comes from a <see cref="TimeProvider"/> so tests can drive it.
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
    private long _granted;
    private int _queued;
    private long _lastActivity;

    public SlidingWindowLogRateLimiter(int permitLimit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _permitLimit = permitLimit;
        _window = window;
        _time = time;
        _lastActivity = time.GetTimestamp();
    }

    public int PermitLimit => _permitLimit;
    public TimeSpan Window => _window;

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
                CurrentAvailablePermits = _permitLimit - _grantTimestamps.Count,
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
        QueueAsync(_backgroundWaitersInOrder, Math.Clamp(reserve, 0, _permitLimit - 1), cancellationToken);

    /// <summary>A background slot now, or none (with the wait until one) without queueing.</summary>
    public RateLimitLease AttemptAcquireBackground(int reserve) =>
        TryGrant(Math.Clamp(reserve, 0, _permitLimit - 1), out var wait) ? Lease.Granted : new Lease(false, wait);

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
            if (_grantTimestamps.Count < _permitLimit - reserve)
            {
                _grantTimestamps.Enqueue(now);
                _granted++;
                wait = TimeSpan.Zero;
                return true;
            }
            // Room appears when enough of the oldest grants have left the window: the (excess + 1)-th oldest is the one.
            var freedBy = _grantTimestamps.ElementAt(_grantTimestamps.Count - (_permitLimit - reserve));
            wait = _window - _time.GetElapsedTime(freedBy, now);
            if (wait <= TimeSpan.Zero)
            {
                wait = TimeSpan.FromMilliseconds(1);
            }
            return false;
        }
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
