using System.Net;
using Polly;
using Polly.Timeout;

namespace LuccaInbox.Lucca.Http;

/// <summary>What may be retried (API-FACTS §0.5): 408, 429 and 503, and transient network errors; never another 4xx.
/// A POST (booking) is retried only when it provably never left this machine.</summary>
public static class LuccaRetryPolicy
{
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        var isBooking = request?.Method == HttpMethod.Post;
        return outcome switch
        {
            { Exception: HttpRequestException e } => !isBooking || NeverSent(e),
            { Exception: TimeoutRejectedException } => !isBooking,
            { Result: { } response } => !isBooking && IsRetryableStatus(response.StatusCode),
            _ => false,
        };
    }

    public static bool IsRetryableStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;

    // These errors happen while connecting, before a byte of the request is written.
    private static bool NeverSent(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
}
