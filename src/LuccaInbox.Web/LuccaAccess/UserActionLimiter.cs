using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Web.Auth;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Web.LuccaAccess;

/// <summary>
/// Each person's fair share of the tenant's budget: at most Lucca:PerUserActionsPerMinute Lucca-spending actions they
/// start (a booked document read, an inbox refresh, a version check) per budget window. Beyond it the person is told to
/// wait at once (<see cref="UserOverShareException"/>) instead of queueing requests in front of everyone else.
/// Saves and bookings are not counted: the write lane of the shared budget already keeps room for them.
/// </summary>
public sealed class UserActionLimiter(IOptions<LuccaOptions> options, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, SlidingWindowLogRateLimiter> _byUser = new(StringComparer.Ordinal);

    /// <summary>Counts one action of <paramref name="user"/>, or throws if their share of this window is spent.</summary>
    public void Spend(AppUser user)
    {
        var limiter = _byUser.GetOrAdd(user.ObjectId,
            _ => new SlidingWindowLogRateLimiter(options.Value.PerUserActionsPerMinute, options.Value.RateLimitWindow, time));
        using var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            throw new UserOverShareException(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null);
        }
    }

    public void Dispose()
    {
        foreach (var limiter in _byUser.Values) limiter.Dispose();
    }
}

public sealed class UserOverShareException(TimeSpan? retryAfter) : Exception("You are going fast: wait a few seconds.")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
