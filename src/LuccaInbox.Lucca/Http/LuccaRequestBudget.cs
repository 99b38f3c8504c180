using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Lucca.Http;

/// <summary>
/// One rate limiter per tenant host, shared by every user and circuit of the app (a singleton):
/// the 50 requests/minute belong to the tenant, not to a user (API-FACTS §0.4). Each limiter counts its grants in a
/// <see cref="RequestGrantLog"/> from <paramref name="logs"/>: in memory by default, shared when several instances spend
/// one tenant's budget.
/// </summary>
public sealed class LuccaRequestBudget(IOptions<LuccaOptions> options, TimeProvider time, IRequestGrantLogFactory? logs = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, SlidingWindowLogRateLimiter> _byHost = new(StringComparer.OrdinalIgnoreCase);

    public SlidingWindowLogRateLimiter For(string host) =>
        _byHost.GetOrAdd(host, _ => logs is null
            ? new SlidingWindowLogRateLimiter(options.Value.RequestsPerMinute, WithMargin(options.Value.RateLimitWindow), time)
            : new SlidingWindowLogRateLimiter(logs.Create(host, options.Value.RequestsPerMinute, WithMargin(options.Value.RateLimitWindow)), time));

    /// <summary>
    /// Lucca counts requests when they arrive, we count them when they leave: two requests sent exactly a window
    /// apart can arrive a little less than a window apart (network jitter) and the second would get a 429. A margin
    /// of a tenth of the window (0.1 s to 5 s) absorbs that, for about 8 % of the throughput at Lucca's scale.
    /// </summary>
    public static TimeSpan WithMargin(TimeSpan window) =>
        window + TimeSpan.FromTicks(Math.Clamp(window.Ticks / 10, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(5).Ticks));

    public IReadOnlyDictionary<string, SlidingWindowLogRateLimiter> Hosts => _byHost;

    public void Dispose()
    {
        foreach (var limiter in _byHost.Values)
        {
            limiter.Dispose();
        }
    }
}
