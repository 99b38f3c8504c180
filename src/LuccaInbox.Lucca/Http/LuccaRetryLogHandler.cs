using Microsoft.Extensions.Logging;

namespace LuccaInbox.Lucca.Http;

/// <summary>
/// One Warning per call that needed retries, with how many attempts it took, why it was retried and how it ended.
/// The attempts themselves log at Debug (AddLuccaClient turns Polly's own per-attempt telemetry down): a busy tenant
/// would otherwise write a line per attempt of every call.
/// </summary>
public sealed class LuccaRetryLogHandler(ILogger<LuccaRetryLogHandler> logger) : DelegatingHandler
{
    internal static readonly HttpRequestOptionsKey<int> Retries = new("LuccaInbox.Retries");
    internal static readonly HttpRequestOptionsKey<string> RetriedOn = new("LuccaInbox.RetriedOn");

    /// <summary>Called by the retry strategy before each retry of <paramref name="request"/>.</summary>
    internal static void NoteRetry(HttpRequestMessage? request, string reason)
    {
        if (request is null) return;
        request.Options.Set(Retries, (request.Options.TryGetValue(Retries, out var n) ? n : 0) + 1);
        request.Options.Set(RetriedOn, reason);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            LogIfRetried(request, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
        catch (Exception e)
        {
            LogIfRetried(request, e.GetType().Name);
            throw;
        }
    }

    private void LogIfRetried(HttpRequestMessage request, string ending)
    {
        if (!request.Options.TryGetValue(Retries, out var retries) || retries == 0) return;
        request.Options.TryGetValue(RetriedOn, out var reason);
        logger.LogWarning("Lucca {Method} {Path} took {Attempts} attempts (retried on {Reason}) and ended with {Ending}",
            request.Method.Method, request.RequestUri?.AbsolutePath, retries + 1, reason, ending);
    }
}
