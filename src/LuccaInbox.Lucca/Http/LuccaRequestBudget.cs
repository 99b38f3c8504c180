using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Lucca.Http;

/// <summary>
/// One rate limiter per tenant host, shared by every user and circuit of the app (a singleton):
/// the 50 requests/minute belong to the tenant, not to a user (API-FACTS §0.4).
/// </summary>
public sealed class LuccaRequestBudget(IOptions<LuccaOptions> options, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, SlidingWindowLogRateLimiter> _byHost = new(StringComparer.OrdinalIgnoreCase);

    public SlidingWindowLogRateLimiter For(string host) =>
        _byHost.GetOrAdd(host, _ => new SlidingWindowLogRateLimiter(options.Value.RequestsPerMinute, options.Value.RateLimitWindow, time));

    public IReadOnlyDictionary<string, SlidingWindowLogRateLimiter> Hosts => _byHost;

    /// <summary>
    /// Whether optional work (thumbnails, prefetching) may spend a request now, leaving <paramref name="reserve"/>
    /// requests of the window for what people are waiting on (opening, saving, booking).
    /// </summary>
    public bool HasHeadroom(string host, int reserve)
    {
        var limiter = For(host);
        return limiter.UsedInWindow + reserve < limiter.PermitLimit;
    }

    public void Dispose()
    {
        foreach (var limiter in _byHost.Values)
        {
            limiter.Dispose();
        }
    }
}
