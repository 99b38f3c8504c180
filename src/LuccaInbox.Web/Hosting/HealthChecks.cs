using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.LuccaAccess;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LuccaInbox.Web.Hosting;

/// <summary>The audit database answers (no booking can happen without it).</summary>
public sealed class AuditDatabaseHealthCheck(IDbContextFactory<AppDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("Audit database reachable.")
                : HealthCheckResult.Unhealthy("Audit database unreachable.");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("Audit database unreachable.", e);
        }
    }
}

/// <summary>Lucca answers, asked at most once a minute (a count-only inbox call) so probes never eat the shared budget;
/// also reports the budget used in the last window.</summary>
public sealed class LuccaHealthCheck(ILuccaInvoicesApi api, LuccaRequestBudget budget, LuccaRequestCounter counter, LuccaConnection connection, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is not { } last || time.GetUtcNow() - last.At >= ProbeInterval)
            {
                _last = (time.GetUtcNow(), await ProbeAsync(cancellationToken));
            }
            var limiter = budget.For(connection.BaseUrl.Authority);
            var data = new Dictionary<string, object>
            {
                ["emulated"] = connection.IsEmulated,
                ["requestsInWindow"] = await RequestsInWindowAsync(limiter, cancellationToken),
                ["requestBudget"] = limiter.PermitLimit,
                ["probedAt"] = _last.Value.At.ToString("O"),
                ["managedMemoryBytes"] = GC.GetTotalMemory(forceFullCollection: false),
                ["workingSetBytes"] = Environment.WorkingSet,
                // Every request since start, by kind (list, count, put, book, file, other) and outcome (HTTP status or error).
                ["requestsSinceStart"] = counter.Totals.ToDictionary(t => $"{t.Key.Kind}:{t.Key.Outcome}", t => t.Value),
            };
            return new HealthCheckResult(_last.Value.Result.Status, _last.Value.Result.Description, data: data);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Across every instance when the budget is shared; the last count seen if the database does not answer
    /// (the audit database's own check reports that).</summary>
    private static async Task<int> RequestsInWindowAsync(SlidingWindowLogRateLimiter limiter, CancellationToken cancellationToken)
    {
        try
        {
            return await limiter.Log.CountInWindowAsync(cancellationToken);
        }
        catch (System.Data.Common.DbException)
        {
            return limiter.UsedInWindow;
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var count = await api.GetInboxAsync(null, 0, null, "count", cancellationToken);
            return HealthCheckResult.Healthy($"Lucca answered ({count.Count} documents in the inbox).");
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            return HealthCheckResult.Unhealthy("Lucca: " + LuccaErrors.Describe(e));
        }
    }
}

public static class HealthResponse
{
    public const string DetailsKeyHeader = "X-Health-Key";

    /// <summary>Anonymous callers get the overall status only. Memory, request counters and inbox size go to a signed-in
    /// Audit.Read holder or to a caller with Health:DetailsKey in the X-Health-Key header; never exception details or secrets.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        if (!MaySeeDetails(context))
        {
            return context.Response.WriteAsJsonAsync(new { status = report.Status.ToString() });
        }
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return context.Response.WriteAsJsonAsync(body);
    }

    private static bool MaySeeDetails(HttpContext context)
    {
        if (Auth.AppUser.From(context.User).Can(Auth.AppRoles.AuditRead)) return true;
        var key = context.RequestServices.GetRequiredService<IConfiguration>()["Health:DetailsKey"];
        return !string.IsNullOrEmpty(key) && context.Request.Headers[DetailsKeyHeader] is [{ } given]
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(key));
    }
}
