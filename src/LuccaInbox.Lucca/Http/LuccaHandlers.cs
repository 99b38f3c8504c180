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
/// the limit in force (<see cref="SlidingWindowLogRateLimiter.ReportRateLimitedAsync"/>).
/// Lanes: writes (PUT, POST, and every request of a save or a booking, <see cref="WriteLane"/>) may take the whole
/// budget; people's reads leave Lucca:WriteReservePercent of it to them; files and scans fetched ahead leave a fifth more,
/// thumbnails half.
/// </summary>
public sealed class LuccaRateLimitHandler(LuccaRequestBudget budget, IOptionsMonitor<LuccaOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var limiter = budget.For(request.RequestUri?.Authority ?? "");
        var isBackground = LuccaRequestCounter.KindOf(request) == "file" || BackgroundLane.IsActive;
        var isWrite = LuccaRetryPolicy.IsWrite(request.Method) || WriteLane.IsActive;
        // Files and thumbnails leave their share on top of the writes' reserve, so they never crowd out people's reads.
        var writeReserve = WriteReserve(limiter.CurrentLimit, options.CurrentValue.WriteReservePercent);
        using var lease = isWrite ? await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false)
            : !isBackground ? await limiter.AcquireReadAsync(writeReserve, cancellationToken).ConfigureAwait(false)
            : OptionalRequests.AreOptional ? await limiter.AttemptAcquireBackgroundAsync(
                writeReserve + Math.Max(1, limiter.CurrentLimit / (OptionalRequests.AreFetchAhead ? 5 : 2)), cancellationToken).ConfigureAwait(false)
            : await limiter.AcquireBackgroundAsync(writeReserve + Math.Max(1, limiter.CurrentLimit / 5), cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new LuccaBudgetBusyException(lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var wait) ? wait : null);
        }
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            await limiter.ReportRateLimitedAsync(cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    /// <summary>The slots of the window only writes may take: <paramref name="percent"/> of the limit in force, at least one.</summary>
    public static int WriteReserve(int currentLimit, int percent) => percent <= 0 ? 0 : Math.Max(1, currentLimit * percent / 100);
}
