using LuccaInbox.Lucca.Http;
using Microsoft.Extensions.Time.Testing;

namespace LuccaInbox.Tests.Lucca;

public sealed class RateLimiterTests
{
    [Fact]
    public async Task Never_more_than_the_limit_in_any_minute_and_the_excess_waits_instead_of_failing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var limiter = new SlidingWindowLogRateLimiter(permitLimit: 50, window: TimeSpan.FromMinutes(1), time);
        var requests = Enumerable.Range(0, 180).Select(async _ =>
        {
            using var lease = await limiter.AcquireAsync(1);
            Assert.True(lease.IsAcquired);
        }).ToList();

        // Sample the limiter's own count of grants once per fake second, letting queued waiters run in between.
        var grantedBySecond = new List<long>();
        for (var second = 0; second < 400 && requests.Any(r => !r.IsCompleted); second++)
        {
            await Task.Delay(15);
            grantedBySecond.Add(limiter.GetStatistics().TotalSuccessfulLeases);
            time.Advance(TimeSpan.FromSeconds(1));
        }
        await Task.WhenAll(requests);

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
        Assert.True(refused.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter));
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
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var limiter = new SlidingWindowLogRateLimiter(10, TimeSpan.FromMinutes(1), time);

        // Twenty page images ask at once: only 10 - 3 = 7 go now, the others wait for the window.
        var images = Enumerable.Range(0, 20).Select(_ => limiter.AcquireBackgroundAsync(reserve: 3).AsTask()).ToList();
        await Task.Delay(50);
        Assert.Equal(7, images.Count(t => t.IsCompletedSuccessfully));

        // A save arriving behind them is granted at once, from the reserve.
        var save = limiter.AcquireAsync(1).AsTask();
        await Task.Delay(50);
        Assert.True(save.IsCompletedSuccessfully);
        Assert.Equal(8, limiter.UsedInWindow);

        time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(100);
        Assert.True(images.Count(t => t.IsCompletedSuccessfully) > 7);
        Assert.True(limiter.UsedInWindow <= 7);
    }
}
