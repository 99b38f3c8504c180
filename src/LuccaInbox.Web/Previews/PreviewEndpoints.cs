using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.LuccaAccess;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace LuccaInbox.Web.Previews;

/// <summary>
/// The browser's only way to attachment images: /previews/{fileId}/pages/{n}, /thumbnail, /original. The file id
/// is a GUID by route constraint and must belong to a known attachment; no URL or path from the browser is ever
/// forwarded (SSRF), and the Lucca key never leaves the server. Pages are served as image/png, image/jpeg or
/// application/pdf as their bytes prove (see PageContent), or as a placeholder image; never as anything else.
/// </summary>
public static class PreviewEndpoints
{
    private const string Immutable = "private, max-age=31536000, immutable";

    public static void MapPreviewEndpoints(this WebApplication app)
    {
        var previews = app.MapGroup("/previews/{fileId:guid}").RequireAuthorization(AppRoles.InboxRead);

        previews.MapGet("/pages/{pageNumber:int:range(1,9999)}", (Guid fileId, int pageNumber, PreviewService service, HttpContext http) =>
            Serve(http, () => service.GetPageAsync(Key(fileId), pageNumber, http.RequestAborted)));
        previews.MapGet("/thumbnail", (Guid fileId, PreviewService service, HttpContext http) =>
            Serve(http, () => service.GetThumbnailAsync(Key(fileId), http.RequestAborted)));
        previews.MapGet("/original", Original);
    }

    private static string Key(Guid fileId) => fileId.ToString("D");

    private static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> Original(Guid fileId, PreviewService service,
        HttpContext http, ILoggerFactory loggers)
    {
        try
        {
            var file = await service.GetOriginalAsync(Key(fileId), http.RequestAborted);
            return file is null
                ? TypedResults.NotFound()
                : TypedResults.File(file.Content, file.ContentType, file.FileName ?? $"{fileId}.bin");
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            loggers.CreateLogger(nameof(PreviewEndpoints)).LogWarning(e, "Original of {FileId} could not be fetched", fileId);
            return TypedResults.Problem(LuccaErrors.Describe(e), statusCode: StatusCodes.Status502BadGateway);
        }
    }

    private static async Task<Results<FileContentHttpResult, NotFound, StatusCodeHttpResult, ProblemHttpResult>> Serve(HttpContext http,
        Func<Task<PreviewImage?>> load)
    {
        try
        {
            var image = await load();
            if (image is null) return TypedResults.NotFound();
            // A placeholder stands in while the request budget is kept for people's actions: ask again next time.
            http.Response.Headers[HeaderNames.CacheControl] = image.IsPlaceholder ? "no-store" : Immutable;
            if (image.IsPlaceholder) http.Response.Headers["X-Preview-Placeholder"] = "1";
            return TypedResults.File(image.Content, image.ContentType);
        }
        catch (LuccaBudgetBusyException e)
        {
            // Only an optional fetch is refused for the budget, and its own answer is a placeholder: never a 500 regardless.
            var wait = (int)Math.Ceiling((e.RetryAfter ?? TimeSpan.FromSeconds(5)).TotalSeconds);
            http.Response.Headers[HeaderNames.RetryAfter] = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers[HeaderNames.CacheControl] = "no-store";
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(nameof(PreviewEndpoints))
                .LogWarning(e, "A page image could not be fetched from Lucca");
            return e is LuccaApiException { IsNotFound: true } ? TypedResults.NotFound() : TypedResults.StatusCode(StatusCodes.Status502BadGateway);
        }
    }
}
