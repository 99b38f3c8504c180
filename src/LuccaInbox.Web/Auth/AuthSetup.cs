using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Identity.Web;

namespace LuccaInbox.Web.Auth;

/// <summary>Which sign-in the app runs with, for the UI.</summary>
public sealed record SignInMode(bool IsDevelopment);

public static class AuthSetup
{
    public const string DevSignInPath = "/account/dev-signin";

    /// <summary>Entra ID through Microsoft.Identity.Web when AzureAd:ClientId is set; otherwise the development
    /// sign-in, which issues a cookie with the same claims and runs only in Development unless explicitly allowed.</summary>
    public static void AddAppAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var azureAd = builder.Configuration.GetSection("AzureAd");
        if (!string.IsNullOrWhiteSpace(azureAd["ClientId"]))
        {
            services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme).AddMicrosoftIdentityWebApp(azureAd);
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options =>
            {
                options.TokenValidationParameters.RoleClaimType = AppClaims.Roles;
                options.TokenValidationParameters.NameClaimType = AppClaims.Name;
                var validated = options.Events.OnTokenValidated;
                options.Events.OnTokenValidated = async context =>
                {
                    await validated(context);
                    var signedIn = AppUser.From(context.Principal ?? new ClaimsPrincipal());
                    var session = context.HttpContext.RequestServices.GetRequiredService<SessionCheck>().Start(signedIn.ObjectId, signedIn.Roles);
                    (context.Principal?.Identity as ClaimsIdentity)?.AddClaim(new Claim(AppClaims.SessionId, session));
                };
            });
            services.AddSingleton(new SignInMode(IsDevelopment: false));
        }
        else
        {
            // Anyone can pick "admin" on that page: any environment but Development (Staging, Test, ...) needs the flag.
            if (!builder.Environment.IsDevelopment() && !builder.Configuration.GetValue<bool>("Auth:AllowDevelopmentSignIn"))
            {
                throw new InvalidOperationException(
                    $"No AzureAd:ClientId is configured, and the development sign-in runs only in the Development environment (this is {builder.Environment.EnvironmentName}). " +
                    "Configure Entra ID (AzureAd:*), or set Auth:AllowDevelopmentSignIn=true for a demo.");
            }
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
            {
                options.LoginPath = DevSignInPath;
                options.AccessDeniedPath = "/account/denied";
                options.Cookie.Name = "LuccaInbox.Auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Always outside Development (ProxySetup)
                // Endpoints that serve data (images, CSV) answer 401/403; only pages redirect to sign-in.
                options.Events.OnRedirectToLogin = context => RedirectPagesOnly(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => RedirectPagesOnly(context, StatusCodes.Status403Forbidden);
            });
            services.AddSingleton(new SignInMode(IsDevelopment: true));
        }

        // Both sign-ins end in this cookie: a fixed lifetime bounds how long a role removed in Entra ID survives.
        var sessionMinutes = builder.Configuration.GetValue("Auth:SessionMinutes", 60);
        services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options =>
        {
            options.ExpireTimeSpan = TimeSpan.FromMinutes(sessionMinutes);
            options.SlidingExpiration = false;
            var validate = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = async context =>
            {
                await validate(context);
                if (context.Principal is not null) await SessionCheck.ValidateCookieAsync(context);
            };
        });
        services.TryAddSingleton<SessionRegistry>();
        services.TryAddSingleton<SessionCheck>();

        services.AddAuthorization(options =>
        {
            foreach (var role in AppRoles.All)
            {
                options.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => AppUser.From(context.User).Can(role)));
            }
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingSessionStateProvider>();
        services.AddScoped<CurrentUser>();
    }

    public static void MapAccountEndpoints(this WebApplication app)
    {
        var account = app.MapGroup("/account").AllowAnonymous();
        var mode = app.Services.GetRequiredService<SignInMode>();
        if (mode.IsDevelopment)
        {
            // The form is read here, not bound: a missing token or field is a plain 400 with one log line, not an exception.
            account.MapPost("/dev-signin", async Task<Results<BadRequest<string>, RedirectHttpResult>> (HttpContext http,
                Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, ILoggerFactory loggers) =>
            {
                var log = loggers.CreateLogger("LuccaInbox.Web.Auth.DevelopmentSignIn");
                if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
                {
                    log.LogInformation("Development sign-in refused: missing or invalid antiforgery token");
                    return TypedResults.BadRequest("Missing or invalid antiforgery token.");
                }
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                if (DemoUsers.Find(form["user"]) is not { } demo)
                {
                    log.LogInformation("Development sign-in refused: unknown demo user");
                    return TypedResults.BadRequest("Unknown demo user.");
                }
                var claims = new List<Claim>
                {
                    new(AppClaims.ObjectId, demo.ObjectId),
                    new(AppClaims.Name, demo.Name),
                    new(AppClaims.Email, demo.Email),
                    new(AppClaims.DevelopmentSignIn, "true"),
                };
                var sessions = http.RequestServices.GetRequiredService<SessionCheck>();
                var roles = sessions.DemoRoles(demo);
                claims.Add(new Claim(AppClaims.SessionId, sessions.Start(demo.ObjectId, roles)));
                claims.AddRange(roles.Select(role => new Claim(AppClaims.Roles, role)));
                var identity = new ClaimsIdentity(claims, "DevelopmentSignIn", AppClaims.Name, AppClaims.Roles);
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
                return TypedResults.LocalRedirect(SafeReturnUrl(form["returnUrl"]));
            }).WithOrder(-1); // before the sign-in page's own endpoint, which also takes POSTs
        }
        account.MapPost("/signout", async Task<Results<BadRequest<string>, EmptyHttpResult, RedirectHttpResult>> (HttpContext http,
            Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            // No form field is bound here, so nothing else checks the token: a forged post must not sign anyone out.
            if (!await antiforgery.IsRequestValidAsync(http)) return TypedResults.BadRequest("Missing or invalid antiforgery token.");
            await http.RequestServices.GetRequiredService<SessionCheck>().EndAsync(http.User); // other tabs and circuits of this sign-in too
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (!mode.IsDevelopment)
            {
                await http.SignOutAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = "/" });
                return TypedResults.Empty;
            }
            return TypedResults.LocalRedirect(DevSignInPath);
        });
    }

    private static readonly string[] DataPaths = ["/previews", "/audit/export.csv", "/audit/verify"];

    private static Task RedirectPagesOnly(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (DataPaths.Any(p => context.Request.Path.StartsWithSegments(p)))
        {
            context.Response.StatusCode = status;
            // A bare status for a client, not the "not found" page (which would itself ask to sign in).
            context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
        }
        else
        {
            // The handler builds an absolute URL from the Host header; the sign-in and denied pages are ours: stay relative.
            var target = new Uri(context.RedirectUri, UriKind.RelativeOrAbsolute);
            context.Response.Redirect(target.IsAbsoluteUri ? target.PathAndQuery : context.RedirectUri);
        }
        return Task.CompletedTask;
    }

    /// <summary>Only local paths: an open redirect after sign-in would be a phishing aid. Only printable ASCII without spaces
    /// (a real return URL is percent-encoded): browsers drop tabs and read other spaces in ways that turn "/\t/host" into
    /// "//host", and a non-ASCII character cannot go into a Location header.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && !returnUrl.StartsWith(DevSignInPath, StringComparison.OrdinalIgnoreCase)
            && returnUrl.All(c => c is > ' ' and < '\u007f')
            ? returnUrl
            : "/";
}
