using LuccaInbox.Lucca.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace LuccaInbox.Lucca;

public static class LuccaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ILuccaInvoicesApi"/> (Refit's source-generated client; Refit 16 builds no requests by reflection) with options from "Lucca". Handlers, outermost first:
    /// auth header → retries (Retry-After honoured) with a per-attempt timeout → shared rate limit → network.
    /// The limiter sits inside the retries, unlike the listing, so that every attempt, retries
    /// included, spends one request of the tenant's budget and a 429 storm cannot overrun it.
    /// </summary>
    public static IHttpClientBuilder AddLuccaClient(this IServiceCollection services)
    {
        // Validated on first use: the host validates it at start-up once the Lucca address is known (it may be the embedded emulator's).
        services.AddOptions<LuccaOptions>().BindConfiguration(LuccaOptions.Section).ValidateDataAnnotations();
        services.AddSingleton<LuccaRequestBudget>();
        services.AddSingleton<LuccaRequestCounter>();
        services.AddTransient<LuccaAuthHandler>();
        services.AddTransient<LuccaRateLimitHandler>();
        services.AddTransient<LuccaRequestCountingHandler>();
        services.AddTransient<LuccaFiles>();
        services.AddTryTimeProvider();

        var builder = services
            .AddRefitGeneratedClient<ILuccaInvoicesApi>(sp => RefitSettingsFor(sp.GetRequiredService<IOptionsMonitor<LuccaOptions>>()))
            .ConfigureHttpClient((sp, http) =>
            {
                // The monitor, not a cached value: the embedded emulator sets BaseUrl/ApiKey once it listens.
                var options = sp.GetRequiredService<IOptionsMonitor<LuccaOptions>>().CurrentValue;
                if (!string.IsNullOrWhiteSpace(options.BaseUrl))
                {
                    http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                }
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
                // The resilience pipeline owns timeouts; this is only the outer bound.
                http.Timeout = TimeSpan.FromMinutes(5);
            })
            // Services keep their client for the app's lifetime: recycle connections so DNS changes are seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .AddHttpMessageHandler<LuccaAuthHandler>();

        builder.AddResilienceHandler("lucca", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<LuccaOptions>>().Value;
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(65),
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(
                    options.MaxRetries > 0 && LuccaRetryPolicy.ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
            });
            pipeline.AddTimeout(options.AttemptTimeout);
        });

        builder.AddHttpMessageHandler<LuccaRequestCountingHandler>();
        builder.AddHttpMessageHandler<LuccaRateLimitHandler>();
        return builder;
    }

    private static void AddTryTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    internal static RefitSettings RefitSettingsFor(IOptionsMonitor<LuccaOptions> options) => new(new SystemTextJsonContentSerializer(LuccaJson.Options))
    {
        // Bodies are serialized up front and sent with Content-Length: some servers and proxies refuse chunked
        // request bodies with 411 (API-FACTS addendum 2026-12-02), and a buffered body can be re-sent by a retry.
        Buffered = true,
        ExceptionFactory = async response => response.IsSuccessStatusCode
            ? null
            : await LuccaApiException.FromResponseAsync(response, options.CurrentValue.ApiKey).ConfigureAwait(false),
        DeserializationExceptionFactory = (response, inner) => ValueTask.FromResult<Exception?>(new LuccaApiException(
            $"Lucca {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} sent a response that could not be read ({inner.GetType().Name}).",
            response.StatusCode, response.RequestMessage?.Method.Method, response.RequestMessage?.RequestUri?.AbsolutePath, inner: inner)),
        // Refit 16 wraps transport failures (HttpRequestException, timeouts, cancellation) in Refit.ApiRequestException,
        // and for IApiResponse calls stores them in Error instead of throwing. Callers handle the raw exceptions
        // (LuccaApiException, HttpRequestException, TimeoutRejectedException, TaskCanceledException): surface them as they are.
        TransportExceptionFactory = (_, exception, _) => exception,
    };
}
