using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace LuccaInbox.Lucca.Http;

/// <summary>
/// The per-attempt timeout. It sits inside the rate-limit handler so that it starts once the request has its budget
/// slot: time spent queueing for the tenant's budget must not make a booking fail. It throws Polly's
/// <see cref="TimeoutRejectedException"/>, what the retry policy and the app's callers treat as a timeout.
/// </summary>
public sealed class LuccaAttemptTimeoutHandler(IOptionsMonitor<LuccaOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var timeout = options.CurrentValue.AttemptTimeout;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            return await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutRejectedException($"Lucca did not answer within {timeout.TotalSeconds:0.#} s.", timeout, e);
        }
    }
}
