using Microsoft.Extensions.Options;

namespace LuccaInbox.Lucca.Http;

/// <summary>Adds "Authorization: lucca application={key}" (API-FACTS §0.2). The key exists only here and in options.</summary>
public sealed class LuccaAuthHandler(IOptionsMonitor<LuccaOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", $"lucca application={options.CurrentValue.ApiKey}");
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// Waits for a slot in the tenant's shared budget before each attempt. It sits inside the retry
/// handler so that retries spend the budget too (see LuccaServiceCollectionExtensions). A 429 lowers
/// the limit in force (<see cref="SlidingWindowLogRateLimiter.ReportRateLimited"/>).
/// </summary>
public sealed class LuccaRateLimitHandler(LuccaRequestBudget budget) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var limiter = budget.For(request.RequestUri?.Authority ?? "");
        var isFile = LuccaRequestCounter.KindOf(request) == "file";
        // Files (page images) are background work: they leave a fifth of the budget to what people wait on.
        // Optional ones (thumbnails) leave half of it and do not even queue.
        using var lease = !isFile ? await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false)
            : OptionalRequests.AreOptional ? limiter.AttemptAcquireBackground(Math.Max(1, limiter.CurrentLimit / 2))
            : await limiter.AcquireBackgroundAsync(Math.Max(1, limiter.CurrentLimit / 5), cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new LuccaBudgetBusyException(lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var wait) ? wait : null);
        }
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            limiter.ReportRateLimited();
        }
        return response;
    }
}
