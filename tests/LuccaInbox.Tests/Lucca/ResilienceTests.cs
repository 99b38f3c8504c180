using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Tests.Support;
using static LuccaInbox.Tests.Lucca.ResilienceSupport;

namespace LuccaInbox.Tests.Lucca;

/// <summary>Reads are retried on every transient failure; a 429 waits its Retry-After, or the budget window without one.</summary>
public sealed class ResilienceTests
{
    private const string Inbox = "/services/inbox";

    [Theory]
    [InlineData(408)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_read_is_retried_on_a_transient_status(int status)
    {
        await using var host = await LuccaTestHost.StartAsync();
        host.Emulator.Faults.Enqueue(new ScriptedFault { Status = status, PathContains = Inbox });

        var page = await host.Api.GetInboxAsync(null, 5, 1, null);

        Assert.Equal(5, page.Items!.Count);
        Assert.Equal([status, 200], host.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_read_whose_answer_is_lost_or_late_is_retried()
    {
        await using var host = await LuccaTestHost.StartAsync(clientSettings: Settings(("AttemptTimeout", "00:00:00.5")));
        host.Emulator.Faults.Enqueue(new ScriptedFault { DropAfterProcessing = true, PathContains = Inbox });
        host.Emulator.Faults.Enqueue(new ScriptedFault { DelayMs = 3000, PathContains = Inbox });

        var page = await host.Api.GetInboxAsync(null, 5, 1, null);

        Assert.Equal(5, page.Items!.Count);
        await host.WaitForRequestsAsync(_ => true, 3);
        Assert.Equal(3, host.Requests.Count);
    }

    [Fact]
    public async Task A_429_without_retry_after_waits_out_the_budget_window_not_a_short_backoff()
    {
        await using var host = await LuccaTestHost.StartAsync(clientSettings: Settings(("RateLimitWindow", "00:00:03")));
        host.Emulator.Faults.Enqueue(new ScriptedFault { Status = 429, PathContains = Inbox });
        var clock = Stopwatch.StartNew();

        await host.Api.GetInboxAsync(null, 5, 1, null);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.9), $"retried after {clock.Elapsed}");
        Assert.Equal([429, 200], host.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_429_with_retry_after_as_an_http_date_waits_until_that_date()
    {
        // A 30 s window: were the date ignored, the retry would wait the whole window.
        await using var host = await LuccaTestHost.StartAsync(clientSettings: Settings(("RateLimitWindow", "00:00:30")));
        var date = DateTimeOffset.UtcNow.AddSeconds(3).ToString("R", CultureInfo.InvariantCulture);
        host.Emulator.Faults.Enqueue(new ScriptedFault { Status = 429, RetryAfterHttpDate = date, PathContains = Inbox });
        var clock = Stopwatch.StartNew();

        await host.Api.GetInboxAsync(null, 5, 1, null);

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
        Assert.Equal([429, 200], host.Requests.Select(r => r.Status));
    }

    [Fact]
    public void The_wait_after_a_429_is_its_retry_after_in_seconds_or_as_a_date_else_the_window_and_at_most_two_windows()
    {
        var now = DateTimeOffset.Parse("2026-12-02T10:00:00Z", CultureInfo.InvariantCulture);
        var window = TimeSpan.FromMinutes(1);
        TimeSpan? WaitFor(HttpStatusCode status, RetryConditionHeaderValue? retryAfter)
        {
            using var response = new HttpResponseMessage(status);
            response.Headers.RetryAfter = retryAfter;
            return LuccaRetryPolicy.WaitAfter(response, window, now);
        }

        Assert.Equal(TimeSpan.FromSeconds(7), WaitFor(HttpStatusCode.TooManyRequests, new(TimeSpan.FromSeconds(7))));
        Assert.Equal(TimeSpan.FromSeconds(20), WaitFor(HttpStatusCode.TooManyRequests, new(now.AddSeconds(20))));
        Assert.Equal(TimeSpan.Zero, WaitFor(HttpStatusCode.TooManyRequests, new(now.AddSeconds(-20))));
        Assert.Equal(window, WaitFor(HttpStatusCode.TooManyRequests, null));
        Assert.Equal(2 * window, WaitFor(HttpStatusCode.TooManyRequests, new(TimeSpan.FromHours(1))));
        Assert.Null(WaitFor(HttpStatusCode.ServiceUnavailable, new(TimeSpan.FromSeconds(7))));
    }
}
