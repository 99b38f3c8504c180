using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace LuccaInbox.Tests.Web;

/// <summary>What an operator sees through OpenTelemetry: the app's instruments, and OTLP export only when it is asked for.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_lucca_request_is_counted_and_timed_by_kind_method_and_outcome()
    {
        using var measurements = new Measurements(LuccaRequestCounter.MeterName);
        await using var lucca = await LuccaTestHost.StartAsync(documents: 3);

        await lucca.Api.GetAllInboxItemsAsync();

        Assert.Contains(measurements.Of("lucca.requests"), m => m.Value == 1 && m.Has("kind", "list") && m.Has("method", "GET") && m.Has("outcome", "200"));
        Assert.Contains(measurements.Of("lucca.request.duration"), m => m.Value > 0 && m.Has("kind", "list") && m.Has("method", "GET") && m.Has("outcome", "200"));
    }

    [Fact]
    public async Task The_budget_in_use_its_limit_and_its_queue_are_gauges_per_host()
    {
        await using var lucca = await LuccaTestHost.StartAsync(documents: 3, services: s => s.AddMetrics());
        using var measurements = new Measurements(Telemetry.Name);
        _ = new LuccaBudgetGauges(lucca.Services.GetRequiredService<IMeterFactory>(), lucca.Services.GetRequiredService<LuccaRequestBudget>());

        await lucca.Api.GetAllInboxItemsAsync();
        measurements.Observe();

        var host = lucca.Emulator.BaseUrl.Authority;
        Assert.Contains(measurements.Of("luccainbox.lucca.budget.used"), m => m.Value >= 1 && m.Has("host", host));
        Assert.Contains(measurements.Of("luccainbox.lucca.budget.limit"), m => m.Value > 0 && m.Has("host", host));
        Assert.Contains(measurements.Of("luccainbox.lucca.budget.waiting"), m => m.Value == 0 && m.Has("host", host));
    }

    [Fact]
    public async Task Bookings_and_saves_are_counted_by_outcome_as_the_audit_log_records_them()
    {
        using var measurements = new Measurements(Telemetry.Name);
        await using var host = await WebServicesHost.AuditOnlyAsync();
        var listener = new AuditTelemetry(host.AuditLog);
        await listener.StartAsync(CancellationToken.None);

        var booking = await host.AuditLog.BeginAsync(TestUsers.Booker, new AuditIntent(AuditActions.Book, 1, 1001, "INV-1", "Acme", 10m, "EUR"));
        await host.AuditLog.CompleteAsync(booking, AuditOutcomes.Succeeded, 200);
        var save = await host.AuditLog.BeginAsync(TestUsers.Editor, new AuditIntent(AuditActions.Edit, 2, 1002, "INV-2", "Acme", 20m, "EUR", "[]"));
        await host.AuditLog.CompleteAsync(save, AuditOutcomes.Failed, 409, "conflict");
        await listener.StopAsync(CancellationToken.None);

        var changes = measurements.Of("luccainbox.changes");
        Assert.Contains(changes, m => m.Has("action", "Book") && m.Has("outcome", "Pending"));
        Assert.Contains(changes, m => m.Has("action", "Book") && m.Has("outcome", "Succeeded"));
        Assert.Contains(changes, m => m.Has("action", "Edit") && m.Has("outcome", "Failed"));
        Assert.Contains(measurements.Of("luccainbox.change.duration"), m => m.Value >= 0 && m.Has("action", "Book") && m.Has("outcome", "Succeeded"));
    }

    [Fact]
    public async Task Open_circuits_go_up_and_down_and_a_sync_is_timed_with_its_outcome()
    {
        using var measurements = new Measurements(Telemetry.Name);
        var circuits = new CircuitTelemetry();

        await circuits.OnCircuitOpenedAsync(null!, CancellationToken.None);
        await circuits.OnCircuitClosedAsync(null!, CancellationToken.None);
        using (Telemetry.MeasureSync(() => false)) await Task.Delay(5);

        Assert.Contains(measurements.Of("luccainbox.circuits.open"), m => m.Value == 1);
        Assert.Contains(measurements.Of("luccainbox.circuits.open"), m => m.Value == -1);
        Assert.Contains(measurements.Of("luccainbox.inbox.sync.duration"), m => m.Value > 0 && m.Has("outcome", "failed"));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("http://collector:4317", true)]
    public void Otlp_export_is_registered_only_when_OTEL_EXPORTER_OTLP_ENDPOINT_is_set(string? endpoint, bool exported)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration[Telemetry.OtlpEndpointVariable] = endpoint;

        builder.AddTelemetry();

        var otlp = builder.Services.Where(d => OtlpType(d.ServiceType) || OtlpType(d.ImplementationType)).ToList();
        Assert.Equal(exported, otlp.Count > 0);
        // Collected either way: the app's meters and source are registered with OpenTelemetry.
        Assert.Contains(builder.Services, d => d.ServiceType.FullName == "OpenTelemetry.Metrics.MeterProvider");
    }

    [Fact]
    public void Database_spans_are_kept_inside_a_traced_operation_and_dropped_on_their_own()
    {
        var exported = new List<Activity>();
        var builder = WebApplication.CreateBuilder();
        builder.AddTelemetry();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported));
        using var app = builder.Build();
        _ = app.Services.GetRequiredService<TracerProvider>();
        using var npgsql = new ActivitySource("Npgsql");

        npgsql.StartActivity("poll")?.Dispose();
        using (Telemetry.MeasureSync(() => true)) npgsql.StartActivity("read inbox")?.Dispose();

        Assert.DoesNotContain(exported, a => a.DisplayName == "poll");
        Assert.Contains(exported, a => a.DisplayName == "read inbox" && a.Source.Name == "Npgsql");
        Assert.Contains(exported, a => a.DisplayName == "inbox sync" && a.Source.Name == Telemetry.Name);
    }

    private static bool OtlpType(Type? type) => type?.FullName?.Contains("Otlp", StringComparison.Ordinal) == true
        || type?.GenericTypeArguments.Any(OtlpType) == true;

    private sealed record Measurement(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)
    {
        public bool Has(string tag, string value) => Tags.Any(t => t.Key == tag && Equals(t.Value?.ToString(), value));
    }

    /// <summary>Every measurement of the named meter while it lives (other tests may add theirs: assertions look for their own).</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<Measurement> _seen = new();

        public Measurements(string meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == meter) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
            _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
            _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
            _listener.Start();
        }

        public void Observe() => _listener.RecordObservableInstruments();

        public IReadOnlyList<Measurement> Of(string instrument) => _seen.Where(m => m.Instrument == instrument).ToList();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            _seen.Enqueue(new Measurement(instrument.Name, value, tags.ToArray()));

        public void Dispose() => _listener.Dispose();
    }
}
