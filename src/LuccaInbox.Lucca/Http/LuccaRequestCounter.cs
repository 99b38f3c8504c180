using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LuccaInbox.Lucca.Http;

/// <summary>Counts every request that reaches Lucca (after the limiter, so retries count) by kind, method and outcome (the
/// status code, network-error or cancelled), as System.Diagnostics.Metrics instruments ("lucca.requests" and the
/// "lucca.request.duration" histogram, which the app exports with OpenTelemetry) and as totals the app can show.</summary>
public sealed class LuccaRequestCounter : IDisposable
{
    public const string MeterName = "LuccaInbox.Lucca";
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _durations;
    private readonly ConcurrentDictionary<(string Kind, string Outcome), long> _totals = new();

    public LuccaRequestCounter()
    {
        _requests = _meter.CreateCounter<long>("lucca.requests", "{request}", "Requests sent to Lucca");
        _durations = _meter.CreateHistogram<double>("lucca.request.duration", "s", "How long Lucca took to answer a request (one attempt)");
    }

    public void Record(string kind, string method, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "kind", kind }, { "method", method }, { "outcome", outcome } };
        _requests.Add(1, tags);
        _durations.Record(duration.TotalSeconds, tags);
        _totals.AddOrUpdate((kind, outcome), 1, (_, n) => n + 1);
    }

    public IReadOnlyDictionary<(string Kind, string Outcome), long> Totals => _totals;

    public long Total => _totals.Values.Sum();

    public static string KindOf(HttpRequestMessage request)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        var query = request.RequestUri?.Query ?? "";
        if (request.Method == HttpMethod.Post && path.EndsWith("/book", StringComparison.Ordinal)) return "book";
        if (request.Method == HttpMethod.Put) return "put";
        if (path.Contains("/api/files/", StringComparison.Ordinal)) return "file";
        if (path.EndsWith("/services/inbox", StringComparison.Ordinal))
        {
            return query.Contains("fields.root=count", StringComparison.Ordinal) ? "count" : "list";
        }
        return "other";
    }

    public void Dispose() => _meter.Dispose();
}

public sealed class LuccaRequestCountingHandler(LuccaRequestCounter counter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var kind = LuccaRequestCounter.KindOf(request);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            counter.Record(kind, request.Method.Method, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            counter.Record(kind, request.Method.Method, e is HttpRequestException ? "network-error" : "cancelled", Stopwatch.GetElapsedTime(started));
            throw;
        }
    }
}
