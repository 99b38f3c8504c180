using System.Threading.RateLimiting;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LuccaInbox.Tests.Lucca;

public sealed class RateLimiterTests
{
    [Fact]
    public async Task Never_more_than_the_limit_in_any_minute_and_the_excess_waits_instead_of_failing()
    {
        var time = new FakeClock();
        using var limiter = new SlidingWindowLogRateLimiter(permitLimit: 50, window: TimeSpan.FromMinutes(1), time);
        var requests = Enumerable.Range(0, 180).Select(async _ =>
        {
            using var lease = await limiter.AcquireAsync(1);
            Assert.True(lease.IsAcquired);
        }).ToList();

        // Sample the limiter's own count of grants once per fake second, once the queue has done all it can at that time
        // (its head waits on the fake clock, or everyone is through).
        var grantedBySecond = new List<long>();
        for (var second = 0; second < 400 && requests.Any(r => !r.IsCompleted); second++)
        {
            await time.SettledAsync(orDone: () => limiter.GetStatistics().TotalSuccessfulLeases == requests.Count);
            grantedBySecond.Add(limiter.GetStatistics().TotalSuccessfulLeases);
            time.Advance(TimeSpan.FromSeconds(1));
        }
        await Eventually.WithinAsync(Task.WhenAll(requests), "the 180 requests");

        Assert.Equal(180, limiter.GetStatistics().TotalSuccessfulLeases);
        for (var start = 0; start + 60 <= grantedBySecond.Count; start++)
        {
            var before = start == 0 ? 0 : grantedBySecond[start - 1];
            var inMinute = grantedBySecond[start + 59] - before;
            Assert.True(inMinute <= 50, $"{inMinute} grants in the minute starting at second {start}");
        }
        // 180 requests at 50 per minute cannot finish before the fourth minute.
        Assert.True(grantedBySecond.Count > 180, $"finished after {grantedBySecond.Count} s");
    }

    [Fact]
    public void Attempting_beyond_the_limit_fails_with_the_wait_until_the_next_slot()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SlidingWindowLogRateLimiter(2, TimeSpan.FromMinutes(1), time);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.AttemptAcquire().IsAcquired);

        using var refused = limiter.AttemptAcquire();

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(50), retryAfter);
        Assert.Equal(2, limiter.UsedInWindow);
    }

    [Fact]
    public async Task The_budget_is_shared_by_every_client_of_the_same_tenant_host()
    {
        await using var host = await Support.LuccaTestHost.StartAsync(clientSettings: new Dictionary<string, string?> { ["Lucca:RequestsPerMinute"] = "3" });
        var budget = (LuccaRequestBudget)host.Services.GetService(typeof(LuccaRequestBudget))!;

        await host.Api.GetInboxAsync(null, 1, 1, null);
        await host.Api.GetInboxAsync(null, 1, 2, null);

        var limiter = Assert.Single(budget.Hosts).Value;
        Assert.Equal(2, limiter.UsedInWindow);
        Assert.Same(limiter, budget.For(host.Emulator.BaseUrl.Authority));
    }
}

public sealed class BackgroundLaneTests
{
    [Fact]
    public async Task Background_work_leaves_the_reserve_to_people_and_never_delays_them()
    {
        var time = new FakeClock();
        using var limiter = new SlidingWindowLogRateLimiter(10, TimeSpan.FromMinutes(1), time);

        // Twenty page images ask at once: only 10 - 3 = 7 go now, the others wait for the window.
        var images = Enumerable.Range(0, 20).Select(_ => limiter.AcquireBackgroundAsync(reserve: 3).AsTask()).ToList();
        await SettledAsync(time, limiter, images);
        Assert.Equal(7, images.Count(t => t.IsCompletedSuccessfully));

        // A save arriving behind them is granted at once, from the reserve, with no time passing.
        using var save = await Eventually.WithinAsync(limiter.AcquireAsync(1).AsTask(), "a save behind twenty images");
        Assert.True(save.IsAcquired);
        Assert.Equal(8, limiter.UsedInWindow);
        Assert.Equal(7, images.Count(t => t.IsCompletedSuccessfully));

        // A window later the images go on, again leaving the reserve free.
        time.Advance(TimeSpan.FromMinutes(1));
        await SettledAsync(time, limiter, images, otherGrants: 1);
        Assert.Equal(14, images.Count(t => t.IsCompletedSuccessfully));
        Assert.Equal(7, limiter.UsedInWindow);
    }

    /// <summary>The background lane has done all it can before fake time moves on: its head waits on the clock and every
    /// image the limiter let through (all its grants but <paramref name="otherGrants"/>) has come back to its caller.</summary>
    private static Task SettledAsync(FakeClock time, SlidingWindowLogRateLimiter limiter, List<Task<RateLimitLease>> images, int otherGrants = 0) =>
        Eventually.TrueAsync(() => time.Parked == 1 && images.Count(t => t.IsCompleted) == limiter.GetStatistics().TotalSuccessfulLeases - otherGrants,
            "the background lane to settle");
}
