using System.Globalization;
using System.Text;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LuccaInbox.Web.Audit;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this WebApplication app)
    {
        var audit = app.MapGroup("/audit").RequireAuthorization(AppRoles.AuditRead);

        // The filtered view as CSV; the same filters as the /audit page's query string, its days the person's own
        // (their time zone cookie); the times in the file stay UTC, as its header says.
        audit.MapGet("/export.csv", async Task<FileContentHttpResult> (HttpContext http, AuditReader reader, ViewerClock clock) =>
        {
            var filter = AuditFilterQuery.Parse(http.Request.QueryString.Value);
            var entries = await reader.SearchAsync(filter, clock.Zone, AuditReader.MaxRows * 20, http.RequestAborted);
            var csv = AuditCsv.Write(entries);
            http.Response.Headers.CacheControl = "no-store"; // who did what: no copy left in a browser or proxy cache
            var name = $"luccainbox-audit-{clock.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.csv";
            return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", name);
        });

        // For operators and monitoring: walks the chain, checks it against the checkpoints, names the first broken entry.
        audit.MapGet("/verify", async Task<Results<Ok<ChainVerification>, Conflict<ChainVerification>>> (AuditChainVerifier verifier,
            CancellationToken cancellationToken) =>
        {
            var result = await verifier.VerifyAsync(cancellationToken);
            return result.IsIntact ? TypedResults.Ok(result) : TypedResults.Conflict(result);
        });
    }
}
