using System.Net;
using LuccaInbox.Lucca;

namespace LuccaInbox.Web.LuccaAccess;

/// <summary>Turns a failed Lucca call into a sentence an AP reviewer can act on. Never includes request headers.</summary>
public static class LuccaErrors
{
    public static string Describe(Exception e) => e switch
    {
        UserOverShareException x => x.Message,
        LuccaApiException { StatusCode: HttpStatusCode.BadRequest } x => "Lucca refused the change: " + Details(x),
        LuccaApiException { StatusCode: HttpStatusCode.Unauthorized } => "Lucca refused the API key (401). An administrator must check the Lucca:ApiKey setting.",
        LuccaApiException { StatusCode: HttpStatusCode.Forbidden } => "The API key's role does not allow this in Lucca (403).",
        LuccaApiException { StatusCode: HttpStatusCode.NotFound } => "Lucca no longer has this document in the inbox (404): it may have been booked or removed meanwhile.",
        LuccaApiException { StatusCode: HttpStatusCode.PreconditionFailed } => "Someone changed this document in Lucca since you opened it (412).",
        LuccaApiException { StatusCode: HttpStatusCode.TooManyRequests } x => $"Lucca's request budget is spent for now (429){RetryIn(x)}. Try again shortly.",
        LuccaApiException { StatusCode: HttpStatusCode.RequestTimeout } => "Lucca took too long and gave up (408). Try again.",
        LuccaApiException { StatusCode: HttpStatusCode.ServiceUnavailable } => "Lucca is unavailable right now (503). Try again in a minute.",
        LuccaApiException { StatusCode: { } status } x => $"Lucca answered {(int)status}: {Details(x)}",
        LuccaApiException x => x.Message,
        LuccaFileTooLargeException x => x.Message,
        HttpRequestException => "Lucca could not be reached (network error). Check the connection and try again.",
        Polly.Timeout.TimeoutRejectedException or TimeoutException or TaskCanceledException => "Lucca did not answer in time. Try again.",
        _ => "Unexpected error talking to Lucca: " + e.GetType().Name,
    };

    /// <summary>A failed Lucca call (an answer, a network error, a timeout): what every caller catches and describes.</summary>
    public static bool IsLuccaFailure(Exception e) =>
        e is LuccaApiException or LuccaFileTooLargeException or UserOverShareException or HttpRequestException or TimeoutException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException;

    /// <summary>A write whose answer says nothing about whether Lucca applied it: a timeout, a dropped connection, or 408/5xx.
    /// (A connection that was never made is retried by the client and ends, if at all, as a clear failure.)</summary>
    public static bool IsUnclear(Exception e) => e switch
    {
        LuccaApiException { StatusCode: { } status } => status is HttpStatusCode.RequestTimeout || (int)status >= 500,
        LuccaApiException => false,
        HttpRequestException h => !LuccaInbox.Lucca.Http.LuccaRetryPolicy.NeverSent(h),
        _ => e is TimeoutException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException,
    };

    public static int? StatusOf(Exception e) => e is LuccaApiException { StatusCode: { } status } ? (int)status : null;

    private static string Details(LuccaApiException e)
    {
        var fields = e.Errors.Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}").ToList();
        var head = e.Detail ?? e.Title ?? e.RawBody ?? "no details";
        return fields.Count == 0 ? head : $"{head} ({string.Join("; ", fields)})";
    }

    private static string RetryIn(LuccaApiException e) =>
        e.RetryAfter is { } wait && wait > TimeSpan.Zero ? $", retry in {Math.Ceiling(wait.TotalSeconds)} s" : "";
}
