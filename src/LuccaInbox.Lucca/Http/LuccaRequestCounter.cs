using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace LuccaInbox.Lucca.Http;

/// <summary>Counts every request that reaches Lucca (after the limiter, so retries count) by kind and outcome,
/// as a System.Diagnostics.Metrics counter ("lucca.requests") and as totals the app can show.</summary>
public sealed class LuccaRequestCounter : IDisposable
{
    public const string MeterName = "LuccaInbox.Lucca";
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly ConcurrentDictionary<(string Kind, string Outcome), long> _totals = new();

    public LuccaRequestCounter() => _requests = _meter.CreateCounter<long>("lucca.requests", description: "Requests sent to Lucca");

    public void Record(string kind, string outcome)
    {
        _requests.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
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
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            counter.Record(kind, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            counter.Record(kind, e is HttpRequestException ? "network-error" : "cancelled");
            throw;
        }
    }
}
