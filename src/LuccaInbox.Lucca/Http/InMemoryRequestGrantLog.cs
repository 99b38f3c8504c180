namespace LuccaInbox.Lucca.Http;

/// <summary>
/// The grant log of one process: the last grant times in a queue. A token bucket (the first idea) lets up to
/// twice its limit through in some one-minute span, which breaks "never more than N per minute"; a log of the last N
/// grant times keeps it exactly. The limit in force adapts, additive increase / multiplicative decrease: the budget is
/// shared with the customer's other integrations (API-FACTS §0.4), so Lucca may answer 429 while our own count is
/// under the limit; a 429 then halves it (once per window, floor 1), and each window without a 429 adds one back.
/// </summary>
public sealed class InMemoryRequestGrantLog(int permitLimit, TimeSpan window, TimeProvider time) : RequestGrantLog(permitLimit, window)
{
    private readonly Queue<long> _grantTimestamps = new();
    private readonly Lock _lock = new();
    private int _currentLimit = permitLimit;
    private long _lastChange;
    private long? _lastDecrease;

    public override int CurrentLimit
    {
        get
        {
            lock (_lock)
            {
                Recover(time.GetTimestamp());
                return _currentLimit;
            }
        }
    }

    public override int UsedInWindow
    {
        get
        {
            lock (_lock)
            {
                ForgetExpired(time.GetTimestamp());
                return _grantTimestamps.Count;
            }
        }
    }

    public override ValueTask<GrantAttempt> TryGrantAsync(int reserve, CancellationToken cancellationToken) => ValueTask.FromResult(TryGrant(reserve));

    public GrantAttempt TryGrant(int reserve)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            ForgetExpired(now);
            Recover(now);
            var limit = LaneLimit(_currentLimit, reserve);
            if (_grantTimestamps.Count < limit)
            {
                _grantTimestamps.Enqueue(now);
                return GrantAttempt.Now;
            }
            // Room appears when enough of the oldest grants have left the window: the (excess + 1)-th oldest is the one.
            var freedBy = _grantTimestamps.ElementAt(_grantTimestamps.Count - limit);
            var wait = Window - time.GetElapsedTime(freedBy, now);
            return new GrantAttempt(false, wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : wait);
        }
    }

    public override ValueTask ReportRateLimitedAsync(CancellationToken cancellationToken)
    {
        ReportRateLimited();
        return ValueTask.CompletedTask;
    }

    public void ReportRateLimited()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            Recover(now);
            _lastChange = now; // recovery counts whole windows without a 429
            if (_lastDecrease is { } last && time.GetElapsedTime(last, now) < Window) return;
            _currentLimit = Math.Max(1, _currentLimit / 2);
            _lastDecrease = now;
        }
    }

    // One step back up per whole window since the last change.
    private void Recover(long now)
    {
        if (_currentLimit >= PermitLimit) return;
        var windows = (int)(time.GetElapsedTime(_lastChange, now) / Window);
        if (windows <= 0) return;
        _currentLimit = Math.Min(PermitLimit, _currentLimit + windows);
        _lastChange = _currentLimit == PermitLimit ? now
            : _lastChange + (long)(windows * Window.TotalSeconds * time.TimestampFrequency);
    }

    private void ForgetExpired(long now)
    {
        while (_grantTimestamps.Count > 0 && time.GetElapsedTime(_grantTimestamps.Peek(), now) >= Window)
        {
            _grantTimestamps.Dequeue();
        }
    }
}
