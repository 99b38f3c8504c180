using System.Net;
using System.Text.Json;

namespace LuccaInbox.Lucca;

/// <summary>
/// A Lucca call that failed: the HTTP status and, when the body is Problem Details or JSON, its
/// title, detail and field errors (API-FACTS §0.5); otherwise a short excerpt of the raw text.
/// Never carries request headers, and every text taken from the answer goes through <see cref="SecretScrubber"/>
/// (raw and after JSON decoding), so the API key cannot leak through it into a page, a log or the audit log.
/// </summary>
public sealed class LuccaApiException : Exception
{
    private const int MaxRawExcerpt = 300;

    public LuccaApiException(string message, HttpStatusCode? statusCode = null, string? method = null, string? path = null,
        string? title = null, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null,
        string? rawBody = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        Method = method;
        Path = path;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>();
        RawBody = rawBody;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode? StatusCode { get; }
    public string? Method { get; }
    public string? Path { get; }
    public string? Title { get; }
    public string? Detail { get; }
    public IReadOnlyDictionary<string, string[]> Errors { get; }
    public string? RawBody { get; }
    public TimeSpan? RetryAfter { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
    public bool IsPreconditionFailed => StatusCode == HttpStatusCode.PreconditionFailed;

    public static async Task<LuccaApiException> FromResponseAsync(HttpResponseMessage response, string? secretToScrub, TimeProvider time)
    {
        var request = response.RequestMessage;
        var method = request?.Method.Method;
        var path = request?.RequestUri?.AbsolutePath;
        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        // Decoded strings are scrubbed again: "\u002D" in the raw text is a plain "-" once read.
        var (title, detail, errors) = TryReadProblem(body);
        title = SecretScrubber.ScrubOrNull(title, secretToScrub);
        detail = SecretScrubber.ScrubOrNull(detail, secretToScrub);
        errors = errors?.GroupBy(e => SecretScrubber.Scrub(e.Key, secretToScrub))
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).Select(v => SecretScrubber.Scrub(v, secretToScrub)).ToArray());
        body = SecretScrubber.Scrub(body, secretToScrub);
        var reason = SecretScrubber.ScrubOrNull(response.ReasonPhrase, secretToScrub);
        var retryAfter = Http.LuccaRetryPolicy.RetryAfter(response.Headers.RetryAfter, time.GetUtcNow());
        var status = (int)response.StatusCode;
        var summary = title ?? detail ?? (body.Length == 0 ? reason : Excerpt(body));
        var message = $"Lucca {method} {path} answered {status} {reason}: {summary}";
        var raw = title is null ? Excerpt(body) : null;
        return new LuccaApiException(message, response.StatusCode, method, path, title, detail, errors, raw, retryAfter);
    }

    private static (string? Title, string? Detail, IReadOnlyDictionary<string, string[]>? Errors) TryReadProblem(string body)
    {
        if (body.Length == 0 || body.TrimStart() is not ['{', ..])
        {
            return (null, null, null);
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            Dictionary<string, string[]>? errors = null;
            if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                errors = e.EnumerateObject().ToDictionary(
                    p => p.Name,
                    p => p.Value.ValueKind == JsonValueKind.Array
                        ? p.Value.EnumerateArray().Select(v => v.ToString()).ToArray()
                        : [p.Value.ToString()]);
            }
            return (title, detail, errors);
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static string Excerpt(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length <= MaxRawExcerpt ? flat : flat[..MaxRawExcerpt] + "…";
    }
}
