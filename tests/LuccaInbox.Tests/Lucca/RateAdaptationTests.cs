using System.Diagnostics;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static LuccaInbox.Tests.Lucca.ResilienceSupport;

namespace LuccaInbox.Tests.Lucca;

/// <summary>
/// The budget is shared with the customer's other integrations (API-FACTS §0.4): a 429 halves our own limit (once per
/// window, floor 1) and each quiet window adds one back. Queueing for the budget never eats an attempt's timeout,
/// and a caller who gives up while queued spends nothing.
/// </summary>
public sealed class RateAdaptationTests
{
    [Fact]
    public void A_429_halves_the_limit_once_per_window_down_to_one_and_each_quiet_window_adds_one_back()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SlidingWindowLogRateLimiter(10, TimeSpan.FromMinutes(1), time);
        Assert.Equal(10, limiter.CurrentLimit);

        limiter.ReportRateLimited();
        limiter.ReportRateLimited();
        time.Advance(TimeSpan.FromSeconds(30));
        limiter.ReportRateLimited();
        Assert.Equal(5, limiter.CurrentLimit); // a burst of 429s in one window halves once

        time.Advance(TimeSpan.FromSeconds(31));
        limiter.ReportRateLimited();
        Assert.Equal(2, limiter.CurrentLimit);
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            limiter.ReportRateLimited();
        }
        Assert.Equal(1, limiter.CurrentLimit);

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, limiter.CurrentLimit);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, limiter.CurrentLimit);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(7, limiter.CurrentLimit);
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(10, limiter.CurrentLimit);
    }

    [Fact]
    public void The_lowered_limit_is_the_one_grants_obey()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SlidingWindowLogRateLimiter(10, TimeSpan.FromMinutes(1), time);
        limiter.ReportRateLimited();

        var granted = Enumerable.Range(0, 10).Count(_ => limiter.AttemptAcquire().IsAcquired);

        Assert.Equal(5, granted);
        Assert.Equal(0, limiter.GetStatistics().CurrentAvailablePermits);
    }

    [Fact]
    public async Task Lucca_answering_429s_lowers_the_shared_budget_once()
    {
        await using var host = await LuccaTestHost.StartAsync(clientSettings: Settings(("RequestsPerMinute", 8), ("MaxRetries", 0)));
        host.Emulator.Faults.Enqueue(new ScriptedFault { Status = 429, RetryAfterSeconds = 1, PathContains = "/services/inbox", Times = 3 });

        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<LuccaApiException>(() => host.Api.GetInboxAsync(null, 1, 1, null));
            Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, error.StatusCode);
        }

        Assert.Equal(4, host.Limiter().CurrentLimit);
        Assert.Equal(8, host.Limiter().PermitLimit);
    }

    [Fact]
    public async Task Waiting_for_the_budget_does_not_count_against_the_attempt_timeout()
    {
        // Two requests per 2 s window and a 0.5 s attempt timeout: the third queues about 2 s, then must still succeed.
        await using var host = await LuccaTestHost.StartAsync(clientSettings: Settings(
            ("RequestsPerMinute", 2), ("RateLimitWindow", "00:00:02"), ("AttemptTimeout", "00:00:00.5"), ("MaxRetries", 0)));
        await host.RawGetAsync(); // the emulator's first answer is slow (JIT); not what is measured here
        host.Emulator.Requests.Clear();
        var clock = Stopwatch.StartNew();

        for (var i = 1; i <= 3; i++) await host.Api.GetInboxAsync(null, 1, i, null);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"three requests in {clock.Elapsed}: the third did not queue");
        Assert.Equal([200, 200, 200], host.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_caller_cancelling_while_queued_leaves_the_queue_without_spending_budget()
    {
        await using var host = await LuccaTestHost.StartAsync(clientSettings: Settings(("RequestsPerMinute", 1), ("RateLimitWindow", "00:00:10")));
        await host.Api.GetInboxAsync(null, 1, 1, null);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Api.GetInboxAsync(null, 1, 2, null, giveUp.Token));

        Assert.Equal(1, host.Limiter().UsedInWindow);
        Assert.Equal(0, host.Limiter().GetStatistics().CurrentQueuedCount);
        Assert.Single(host.Requests);
    }
}
