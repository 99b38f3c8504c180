using System.Net;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;
using static LuccaInbox.Tests.Lucca.ResilienceSupport;

namespace LuccaInbox.Tests.Lucca;

/// <summary>
/// A write whose answer is lost may have been applied: sending it again blindly answers 412 against its own change,
/// or books twice. It is retried only when it provably never reached Lucca (connection refused) or was refused
/// before processing (429); otherwise the caller gets the exception and reads the document back.
/// </summary>
public sealed class WriteRetryTests
{
    [Fact]
    public async Task A_put_whose_answer_is_lost_is_not_sent_again()
    {
        await using var host = await LuccaTestHost.StartAsync(clientSettings: Settings(("MaxRetries", 2)));
        var item = await host.EditableItemAsync();
        host.Emulator.Faults.Enqueue(new ScriptedFault { DropAfterProcessing = true, Method = "PUT" });

        await Assert.ThrowsAsync<HttpRequestException>(() => host.PutAsync(item));

        await host.WaitForRequestsAsync(r => r.Method == "PUT", 1);
        Assert.Single(host.Puts());
    }

    [Theory]
    [InlineData(408)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_put_answered_with_an_unclear_status_is_not_sent_again(int status)
    {
        await using var host = await LuccaTestHost.StartAsync(clientSettings: Settings(("MaxRetries", 2)));
        var item = await host.EditableItemAsync();
        host.Emulator.Faults.Enqueue(new ScriptedFault { Status = status, Method = "PUT" });

        var error = await Assert.ThrowsAsync<LuccaApiException>(() => host.PutAsync(item));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Single(host.Puts());
    }

    [Fact]
    public async Task A_put_that_times_out_is_not_sent_again()
    {
        await using var host = await LuccaTestHost.StartAsync(clientSettings: Settings(("MaxRetries", 2), ("AttemptTimeout", "00:00:00.5")));
        var item = await host.EditableItemAsync();
        host.Emulator.Faults.Enqueue(new ScriptedFault { DelayMs = 3000, Method = "PUT" });

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => host.PutAsync(item));

        await host.WaitForRequestsAsync(r => r.Method == "PUT", 1);
        Assert.Single(host.Puts());
    }

    [Fact]
    public async Task A_booking_whose_answer_is_lost_is_not_sent_again()
    {
        await using var host = await LuccaTestHost.StartAsync(clientSettings: Settings(("MaxRetries", 2)));
        var item = await host.EditableItemAsync();
        host.Emulator.Faults.Enqueue(new ScriptedFault { DropAfterProcessing = true, Method = "POST", PathContains = "/book" });

        await Assert.ThrowsAsync<HttpRequestException>(() => host.Api.BookInboxDocumentRawAsync(item.Id));

        await host.WaitForRequestsAsync(r => r.Method == "POST", 1);
        Assert.Single(host.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task A_put_refused_with_429_is_sent_again_after_retry_after()
    {
        await using var host = await LuccaTestHost.StartAsync(clientSettings: Settings(("RateLimitWindow", "00:00:01")));
        var item = await host.EditableItemAsync();
        host.Emulator.Faults.Enqueue(new ScriptedFault { Status = 429, RetryAfterSeconds = 1, Method = "PUT" });

        await host.PutAsync(item);

        Assert.Equal([429, 200], host.Puts().Select(r => r.Status));
    }

    [Fact]
    public async Task A_put_that_never_left_the_machine_is_retried()
    {
        await using var host = await LuccaTestHost.StartAsync();
        var item = await host.EditableItemAsync();
        await using var unreachable = LuccaTestHost.On(host.Emulator, Settings(("BaseUrl", RefusingBaseUrl()), ("MaxRetries", 2)));

        await Assert.ThrowsAsync<HttpRequestException>(() => unreachable.PutAsync(item));

        var counter = unreachable.Services.GetRequiredService<LuccaRequestCounter>();
        Assert.Equal(3, counter.Totals[("put", "network-error")]);
    }
}
