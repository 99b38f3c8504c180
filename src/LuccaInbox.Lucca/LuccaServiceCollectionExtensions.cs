using LuccaInbox.Lucca.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;
using Refit;

namespace LuccaInbox.Lucca;

public static class LuccaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ILuccaInvoicesApi"/> (Refit's source-generated client; Refit 16 builds no requests by reflection) with options from "Lucca". Handlers, outermost first:
    /// auth header → one log line per retried call (<see cref="LuccaRetryLogHandler"/>) → retries (<see cref="LuccaRetryPolicy"/>: reads on 408/429/502/503/504 and network errors, writes only
    /// when never sent or on 429; a 429 waits its Retry-After or the budget window) → shared rate limit (a 429 lowers
    /// it) → per-attempt timeout → request counter → network.
    /// The limiter sits inside the retries so that every attempt, retries included, spends one request of the
    /// tenant's budget and a 429 storm cannot overrun it. The attempt timeout sits inside the limiter so that it
    /// starts once the request has its slot: queueing for the budget never makes an attempt time out.
    /// The counter sits innermost so that it counts what reaches Lucca.
    /// </summary>
    public static IHttpClientBuilder AddLuccaClient(this IServiceCollection services)
    {
        // Validated on first use: the host validates it at start-up once the Lucca address is known (it may be the embedded emulator's).
        services.AddOptions<LuccaOptions>().BindConfiguration(LuccaOptions.Section).ValidateDataAnnotations();
        services.AddSingleton<LuccaRequestBudget>();
        services.AddSingleton<LuccaRequestCounter>();
        services.AddTransient<LuccaAuthHandler>();
        services.AddTransient<LuccaRetryLogHandler>();
        services.AddTransient<LuccaRateLimitHandler>();
        services.AddTransient<LuccaAttemptTimeoutHandler>();
        services.AddTransient<LuccaRequestCountingHandler>();
        services.AddTransient<LuccaFiles>();
        services.AddSingleton<InboxDocumentIds>();
        services.AddTransient<LuccaWrites>();
        services.AddTryTimeProvider();

        var builder = services
            .AddRefitGeneratedClient<ILuccaInvoicesApi>(sp => RefitSettingsFor(sp.GetRequiredService<IOptionsMonitor<LuccaOptions>>(), sp.GetRequiredService<TimeProvider>()))
            .ConfigureHttpClient((sp, http) =>
            {
                // The monitor, not a cached value: the embedded emulator sets BaseUrl/ApiKey once it listens.
                var options = sp.GetRequiredService<IOptionsMonitor<LuccaOptions>>().CurrentValue;
                if (!string.IsNullOrWhiteSpace(options.BaseUrl))
                {
                    http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                }
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
                // No outer bound: LuccaAttemptTimeoutHandler bounds each attempt, and time spent waiting for the budget
                // must never fail a request (a booking is never failed because it queued).
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // Services keep their client for the app's lifetime: recycle connections so DNS changes are seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .AddHttpMessageHandler<LuccaAuthHandler>()
            .AddHttpMessageHandler<LuccaRetryLogHandler>();
        // Polly logs every attempt and every retry (Information, Warning): LuccaRetryLogHandler says it once per call instead.
        services.Configure<TelemetryOptions>(telemetry => telemetry.SeverityProvider = args =>
            args.Source.PipelineName?.EndsWith("-lucca", StringComparison.Ordinal) == true && args.Event.EventName is "ExecutionAttempt" or "OnRetry"
                ? ResilienceEventSeverity.Debug
                : args.Event.Severity);

        builder.AddResilienceHandler("lucca", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<LuccaOptions>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = LuccaRetryPolicy.MaxWait(options.RateLimitWindow),
                ShouldHandle = args => ValueTask.FromResult(
                    options.MaxRetries > 0 && LuccaRetryPolicy.ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
                DelayGenerator = args => ValueTask.FromResult(
                    LuccaRetryPolicy.WaitAfter(args.Outcome.Result, options.RateLimitWindow, time.GetUtcNow())),
                OnRetry = args =>
                {
                    LuccaRetryLogHandler.NoteRetry(args.Context.GetRequestMessage(), args.Outcome.Result is { } r
                        ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : args.Outcome.Exception?.GetType().Name ?? "?");
                    return ValueTask.CompletedTask;
                },
            });
        });

        builder.AddHttpMessageHandler<LuccaRateLimitHandler>();
        builder.AddHttpMessageHandler<LuccaAttemptTimeoutHandler>();
        builder.AddHttpMessageHandler<LuccaRequestCountingHandler>();
        return builder;
    }

    private static void AddTryTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    internal static RefitSettings RefitSettingsFor(IOptionsMonitor<LuccaOptions> options, TimeProvider time) => new(new SystemTextJsonContentSerializer(LuccaJson.Options))
    {
        // Bodies are serialized up front and sent with Content-Length: some servers and proxies refuse chunked
        // request bodies with 411 (API-FACTS addendum 2026-12-02), and a buffered body can be re-sent by a retry.
        Buffered = true,
        ExceptionFactory = async response => response.IsSuccessStatusCode
            ? null
            : await LuccaApiException.FromResponseAsync(response, options.CurrentValue.ApiKey, time).ConfigureAwait(false),
        DeserializationExceptionFactory = (response, inner) => ValueTask.FromResult<Exception?>(new LuccaApiException(
            $"Lucca {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} sent a response that could not be read ({inner.GetType().Name}).",
            response.StatusCode, response.RequestMessage?.Method.Method, response.RequestMessage?.RequestUri?.AbsolutePath, inner: inner)),
        // Refit 16 wraps transport failures (HttpRequestException, timeouts, cancellation) in Refit.ApiRequestException,
        // and for IApiResponse calls stores them in Error instead of throwing. Callers handle the raw exceptions
        // (LuccaApiException, HttpRequestException, TimeoutRejectedException, TaskCanceledException): surface them as they are.
        TransportExceptionFactory = (_, exception, _) => exception,
    };
}
