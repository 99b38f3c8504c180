using System.Diagnostics;
using System.Diagnostics.Metrics;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Web.Audit;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LuccaInbox.Web.Hosting;

/// <summary>
/// The app's metrics and traces (OpenTelemetry), as dotnet/eShop's ServiceDefaults do it: always collected, exported over
/// OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set (with the other standard OTEL_* variables: protocol, headers),
/// under OTEL_SERVICE_NAME ("luccainbox" by default). Instruments: the meters "LuccaInbox" (this class and
/// <see cref="LuccaBudgetGauges"/>) and "LuccaInbox.Lucca" (<see cref="LuccaRequestCounter"/>), the activity source
/// "LuccaInbox", and ASP.NET Core's, HttpClient's and Npgsql's.
/// </summary>
public static class Telemetry
{
    public const string Name = "LuccaInbox";
    public const string DefaultServiceName = "luccainbox";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Changes = Meter.CreateCounter<long>("luccainbox.changes", "{change}",
        "Saves (action Edit) and bookings (Book, BulkBook) written to the audit log: outcome Pending when one starts, Succeeded or Failed when it ends");
    private static readonly Histogram<double> ChangeDurations = Meter.CreateHistogram<double>("luccainbox.change.duration", "s",
        "From a save's or booking's Pending entry to its outcome");
    private static readonly Histogram<double> SyncDurations = Meter.CreateHistogram<double>("luccainbox.inbox.sync.duration", "s",
        "How long reading the whole inbox from Lucca took; outcome ok or failed");
    private static readonly UpDownCounter<long> Circuits = Meter.CreateUpDownCounter<long>("luccainbox.circuits.open", "{circuit}",
        "Blazor circuits open on this instance (people with a page open)");

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName;
        var openTelemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(Name, LuccaRequestCounter.MeterName))
            .WithTracing(tracing => tracing
                .AddSource(Name)
                // Probes every few seconds from the proxy and the orchestrator would drown the traces people look at.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddProcessor(new DatabaseSpansInContextOnly()));
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable])) openTelemetry.UseOtlpExporter();

        builder.Services.AddHostedService<LuccaBudgetGauges>();
        builder.Services.AddHostedService<AuditTelemetry>();
        builder.Services.AddScoped<CircuitHandler, CircuitTelemetry>();
    }

    /// <summary>Times an inbox sync (and traces it, the Lucca requests inside it too) until disposed.</summary>
    public static IDisposable MeasureSync(Func<bool> succeeded) => new SyncMeasure(Source.StartActivity("inbox sync"), succeeded);

    internal static void RecordChange(AuditEntry entry)
    {
        Changes.Add(1, new TagList { { "action", entry.Action }, { "outcome", entry.Outcome } });
        if (entry.CompletedAtUtc is { } completed)
        {
            ChangeDurations.Record((completed - entry.AtUtc).TotalSeconds, new TagList { { "action", entry.Action }, { "outcome", entry.Outcome } });
        }
    }

    internal static void CircuitOpened() => Circuits.Add(1);

    internal static void CircuitClosed() => Circuits.Add(-1);

    /// <summary>Npgsql traces every command, the instances' background polling too: only those inside a request, a sync
    /// or another traced operation are kept, so the traces are not buried under a root span per poll.</summary>
    private sealed class DatabaseSpansInContextOnly : BaseProcessor<Activity>
    {
        public override void OnStart(Activity data)
        {
            if (data.Parent is null && data.ParentId is null && data.Source.Name == "Npgsql") data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    private sealed class SyncMeasure(Activity? activity, Func<bool> succeeded) : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public void Dispose()
        {
            var ok = succeeded();
            SyncDurations.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed"));
            activity?.SetStatus(ok ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            activity?.Dispose();
        }
    }
}

/// <summary>Counts the saves and bookings as the audit log records them, whoever started them (a page, a bulk job, a reconciler).</summary>
public sealed class AuditTelemetry(AuditLog audit) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        audit.Changed += Telemetry.RecordChange;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        audit.Changed -= Telemetry.RecordChange;
        return Task.CompletedTask;
    }
}

public sealed class CircuitTelemetry : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Telemetry.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Telemetry.CircuitClosed();
        return Task.CompletedTask;
    }
}

/// <summary>
/// The Lucca budget of each tenant host as observable gauges, read when metrics are collected: requests used in the
/// current window, the limit in force (lowered after a 429) and the requests queued for a slot. A meter of the app's
/// container (IMeterFactory), so that the gauges go with the budget they read.
/// </summary>
public sealed class LuccaBudgetGauges : IHostedService
{
    public LuccaBudgetGauges(IMeterFactory meters, LuccaRequestBudget budget)
    {
        var meter = meters.Create(Telemetry.Name);
        meter.CreateObservableGauge("luccainbox.lucca.budget.used", () => Each(budget, l => l.UsedInWindow), "{request}",
            "Requests sent to Lucca in the current rate-limit window");
        meter.CreateObservableGauge("luccainbox.lucca.budget.limit", () => Each(budget, l => l.CurrentLimit), "{request}",
            "Requests allowed per window now (lowered after a 429, recovering one per window)");
        meter.CreateObservableGauge("luccainbox.lucca.budget.waiting", () => Each(budget, l => (int)l.GetStatistics()!.CurrentQueuedCount), "{request}",
            "Requests waiting for a slot in the budget");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static IEnumerable<Measurement<int>> Each(LuccaRequestBudget budget, Func<SlidingWindowLogRateLimiter, int> read) =>
        budget.Hosts.Select(h => new Measurement<int>(read(h.Value), new KeyValuePair<string, object?>("host", h.Key))).ToList();
}
