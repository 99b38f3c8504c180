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
/// handler so that retries spend the budget too (see LuccaServiceCollectionExtensions).
/// </summary>
public sealed class LuccaRateLimitHandler(LuccaRequestBudget budget) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var limiter = budget.For(request.RequestUri?.Authority ?? "");
        // Files (page images) are background work: they leave a fifth of the budget to what people wait on.
        using var lease = LuccaRequestCounter.KindOf(request) == "file"
            ? await limiter.AcquireBackgroundAsync(limiter.PermitLimit / 5, cancellationToken).ConfigureAwait(false)
            : await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
