namespace LuccaInbox.Web.GoLive;

/// <summary>The rate-limit headers Lucca sent during the check (API-FACTS §0.4, §15.14): name → the last value seen.</summary>
public sealed class SeenHeaders
{
    private readonly SortedDictionary<string, string> _seen = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string> RateLimit
    {
        get { lock (_seen) return new SortedDictionary<string, string>(_seen, StringComparer.OrdinalIgnoreCase); }
    }

    internal void Note(HttpResponseMessage response)
    {
        foreach (var (name, values) in response.Headers)
        {
            if (name.StartsWith("X-RateLimit-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("RateLimit", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase))
            {
                lock (_seen) _seen[name] = string.Join(", ", values);
            }
        }
    }
}

/// <summary>Innermost handler of the check's Lucca client, so that it sees every answer, 429s the retries absorb included.</summary>
public sealed class ResponseHeaderWatch(SeenHeaders seen) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        seen.Note(response);
        return response;
    }
}
