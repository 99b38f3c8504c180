namespace LuccaInbox.Web.Hosting;

/// <summary>
/// Headers on every response. The CSP allows only this origin's scripts (Blazor and MudBlazor need no inline
/// script or eval), inline styles (MudBlazor sets style attributes), connections (the SignalR socket included) to this
/// origin only, and no framing.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        var formTargets = "'self'";
        if (!string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]) && Uri.TryCreate(configuration["AzureAd:Instance"], UriKind.Absolute, out var authority))
        {
            formTargets += " " + authority.GetLeftPart(UriPartial.Authority); // sign-out posts end at Entra ID
        }
        var policy = string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action {formTargets}",
            "frame-ancestors 'none'");

        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                return Task.CompletedTask;
            });
            await next();
        });
    }
}
