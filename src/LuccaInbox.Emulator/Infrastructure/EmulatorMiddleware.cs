using System.Globalization;
using LuccaInbox.Emulator.Profiles;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Emulator.Infrastructure;

/// <summary>Everything between the socket and the endpoints: request log, API key check, the optional strict
/// rate limit, latency and faults, and the profile's answers that come before any endpoint (411, 429 without or with
/// a dated Retry-After). The admin API under /emulator bypasses all of it.</summary>
public sealed class EmulatorMiddleware(RequestDelegate next, IOptions<EmulatorOptions> options, FaultSettings faults,
    RequestLog log, TimeProvider time, EmulatorProfile profile)
{
    private readonly Queue<long> _grants = new();
    private readonly Lock _rateLock = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/emulator") || !request.Path.StartsWithSegments("/cleemy-procurement"))
        {
            await next(context);
            return;
        }

        // RefuseChunkedBodies (2026-12-02 addendum): decided before the body is read; such a body is never read.
        var refusedBody = profile.RefuseChunkedBodies && request.ContentLength is null && request.Headers.TransferEncoding.Count > 0;
        request.EnableBuffering();
        string? body = null;
        if (!refusedBody && (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            using var reader = new StreamReader(request.Body, leaveOpen: true);
            body = await reader.ReadToEndAsync(context.RequestAborted);
            request.Body.Position = 0;
        }

        var authorized = request.Headers.Authorization.ToString() == $"lucca application={options.Value.ApiKey}";
        var arrived = time.GetUtcNow(); // when it counts against the tenant's budget (RateLimited), whenever it is answered
        var logged = 0;
        void Log()
        {
            if (Interlocked.Exchange(ref logged, 1) == 1) return;
            log.Add(seq => new LoggedRequest(seq, arrived, request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
                body, request.ContentLength, request.Headers.IfMatch.Count > 0 ? request.Headers.IfMatch.ToString() : null,
                authorized, context.Response.StatusCode));
        }
        // Logged as the answer starts, so a client that reads the log right after its call finds the entry.
        context.Response.OnStarting(() => { Log(); return Task.CompletedTask; });
        try
        {
            if (refusedBody)
            {
                await Problems.Problem(411, "Length Required", "A request body must be sent with a Content-Length header.").ExecuteAsync(context);
                return;
            }
            await HandleAsync(context, authorized);
        }
        finally
        {
            Log(); // answers that never started (dropped connections)
        }
    }

    private async Task HandleAsync(HttpContext context, bool authorized)
    {
        if (!authorized)
        {
            await Problems.Problem(401, "Unauthorized", "Invalid or missing API key.").ExecuteAsync(context);
            return;
        }
        if (RateLimited(out var retryAfter))
        {
            // RetryAfterOn429 / RetryAfterFormat (API-FACTS §0.4, §15.14): seconds, an HTTP date, or no header at all.
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            if (profile.RetryAfterOn429)
            {
                context.Response.Headers.RetryAfter = profile.RetryAfterFormat == RetryAfterFormat.HttpDate
                    ? time.GetUtcNow().AddSeconds(seconds).ToString("R", CultureInfo.InvariantCulture)
                    : seconds.ToString(CultureInfo.InvariantCulture);
            }
            await Problems.Problem(429, "Too Many Requests", "The tenant's request budget is spent; retry later.").ExecuteAsync(context);
            return;
        }
        if (faults.LatencyMs > 0)
        {
            await Task.Delay(faults.LatencyMs, context.RequestAborted);
        }

        var scripted = faults.TakeFor(context.Request);
        if (scripted is not null && await ApplyScriptedAsync(context, scripted)) return;

        if (faults.Roll(faults.TimeoutRate))
        {
            await Task.Delay(TimeSpan.FromSeconds(faults.TimeoutSeconds), context.RequestAborted);
            await Problems.Problem(408, "Request Timeout", "The request took longer than the limit.").ExecuteAsync(context);
            return;
        }
        if (faults.Roll(faults.FailureRate))
        {
            await Problems.Problem(503, "Service Unavailable").ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    /// <returns>True when the fault produced the answer; false to go on to the endpoint.</returns>
    private async Task<bool> ApplyScriptedAsync(HttpContext context, ScriptedFault fault)
    {
        if (fault.DelayMs > 0) await Task.Delay(fault.DelayMs, context.RequestAborted);
        if (fault.DropAfterProcessing)
        {
            var realBody = context.Response.Body;
            context.Response.Body = new MemoryStream(); // the work is done, the answer never leaves
            await next(context);
            context.Response.Body = realBody;
            context.Abort();
            return true;
        }
        if (fault.Status is not { } status) return false;

        if (fault.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        else if (fault.RetryAfterHttpDate is { } date) context.Response.Headers.RetryAfter = date;
        if (fault.BodyBase64 is not null || fault.StreamedBytes is not null)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = fault.ContentType ?? "application/octet-stream";
            await WriteBinaryAsync(context, fault);
        }
        else if (fault.Body is null)
        {
            await Problems.Problem(status, ReasonPhrase(status)).ExecuteAsync(context);
        }
        else
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = fault.ContentType ?? "text/html";
            await context.Response.WriteAsync(fault.Body);
        }
        return true;
    }

    private static async Task WriteBinaryAsync(HttpContext context, ScriptedFault fault)
    {
        if (fault.BodyBase64 is { } base64)
        {
            await context.Response.Body.WriteAsync(Convert.FromBase64String(base64), context.RequestAborted);
            return;
        }
        var chunk = new byte[64 * 1024];
        chunk.AsSpan().Fill((byte)'x');
        for (var left = fault.StreamedBytes ?? 0; left > 0 && !context.RequestAborted.IsCancellationRequested; left -= chunk.Length)
        {
            await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private bool RateLimited(out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var limit = faults.RequestsPerMinute;
        if (limit <= 0) return false;
        var window = TimeSpan.FromSeconds(faults.RateLimitWindowSeconds);
        // OtherIntegrationShare (API-FACTS §0.4): the customer's other integrations spend this share of every window.
        var theirs = (int)Math.Round(limit * Math.Clamp(profile.OtherIntegrationShare, 0, 1));
        lock (_rateLock)
        {
            var now = time.GetTimestamp();
            while (_grants.Count > 0 && time.GetElapsedTime(_grants.Peek(), now) >= window) _grants.Dequeue();
            if (_grants.Count + theirs < limit)
            {
                _grants.Enqueue(now);
                return false;
            }
            retryAfter = _grants.Count > 0 ? window - time.GetElapsedTime(_grants.Peek(), now) : window;
            return true;
        }
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } p ? p : "Error";
}
