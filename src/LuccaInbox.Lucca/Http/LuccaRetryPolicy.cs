using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Timeout;

namespace LuccaInbox.Lucca.Http;

/// <summary>What may be retried (API-FACTS §0.5) and how long to wait before a retry after a 429 (§0.4).</summary>
public static class LuccaRetryPolicy
{
    /// <summary>
    /// Reads: 408, 429, 502, 503, 504, network errors and timeouts. Writes (PUT, POST: anything but GET/HEAD) may have
    /// been applied when their answer is lost, and a blind re-send then meets a 412 against its own change or books
    /// twice; they are retried only when they provably never left this machine, or on 429, which Lucca answers before
    /// processing. The caller gets every other failure and reads the document back.
    /// </summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        var isWrite = request is not null && IsWrite(request.Method);
        return outcome switch
        {
            { Exception: HttpRequestException e } => !isWrite || NeverSent(e),
            { Exception: TimeoutRejectedException } => !isWrite,
            { Result: { } response } => isWrite ? response.StatusCode == HttpStatusCode.TooManyRequests
                : IsRetryableRead(response.StatusCode) && !IsLargePageTimeout(response.StatusCode, request),
            _ => false,
        };
    }

    // A 408 on a large page is Lucca's "retry with a simplified request" (API-FACTS §0.5): the same request would time out
    // again, so LuccaPaging halves the page size instead of this layer re-sending it.
    private static bool IsLargePageTimeout(HttpStatusCode status, HttpRequestMessage? request) =>
        status == HttpStatusCode.RequestTimeout && request?.RequestUri?.Query is { } query
        && System.Web.HttpUtility.ParseQueryString(query)["limit"] is { } limit && int.TryParse(limit, out var size) && size > LargePage;

    private const int LargePage = 100;

    public static bool IsWrite(HttpMethod method) => method != HttpMethod.Get && method != HttpMethod.Head;

    public static bool IsRetryableRead(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout
        or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// The wait before retrying a 429: its Retry-After (seconds or an HTTP date), else the whole budget window, because
    /// the budget is shared with the customer's other integrations (API-FACTS §0.4, addendum 2026-12-02) and a short
    /// backoff would only add to their burst. At most two windows. Null for anything else: the usual backoff applies.
    /// </summary>
    public static TimeSpan? WaitAfter(HttpResponseMessage? response, TimeSpan window, DateTimeOffset now)
    {
        if (response?.StatusCode != HttpStatusCode.TooManyRequests) return null;
        var wait = RetryAfter(response.Headers.RetryAfter, now) ?? window;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait(window) ? MaxWait(window) : wait;
    }

    public static TimeSpan MaxWait(TimeSpan window) => window * 2;

    /// <summary>What a Retry-After header asks for (seconds, or an HTTP date from <paramref name="now"/>); null without one.</summary>
    internal static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) =>
        header?.Delta ?? (header?.Date is { } date ? date - now : null);

    /// <summary>These errors happen while connecting, before a byte of the request is written.</summary>
    public static bool NeverSent(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
}
