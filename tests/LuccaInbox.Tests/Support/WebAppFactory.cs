using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using LuccaInbox.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Tests.Support;

/// <summary>
/// The whole web app in memory (test server), with its embedded emulator and a throw-away data folder.
/// Requests can be made as a given demo user through the "X-Test-User" header (test-only scheme).
/// </summary>
public sealed class WebAppFactory(IDictionary<string, string?>? settings = null, string environment = "Development") : WebApplicationFactory<Program>
{
    public const string TestUserHeader = "X-Test-User";
    /// <summary>What the app logged at Warning and above.</summary>
    public LogCapture Logs { get; } = new();
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "luccainbox-web-" + Guid.NewGuid().ToString("N")[..8]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("App:DataFolder", _dataFolder);
        builder.UseSetting("Audit:CheckpointFile", Path.Combine(_dataFolder, "audit-checkpoints.log"));
        builder.UseSetting("Emulator:Documents", "30");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            if (settings?.ContainsKey("AzureAd:ClientId") == true)
            {
                // Keep the real Entra ID wiring; only hand the handler the discovery document it would download,
                // derived from the authority Microsoft.Identity.Web computed from AzureAd:* (no network in tests).
                services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
                {
                    var authority = o.Authority!.TrimEnd('/');
                    var root = authority.EndsWith("/v2.0", StringComparison.Ordinal) ? authority[..^"/v2.0".Length] : authority;
                    o.Configuration = new OpenIdConnectConfiguration
                    {
                        Issuer = authority,
                        AuthorizationEndpoint = root + "/oauth2/v2.0/authorize",
                        TokenEndpoint = root + "/oauth2/v2.0/token",
                        EndSessionEndpoint = root + "/oauth2/v2.0/logout",
                    };
                    o.ConfigurationManager = new Microsoft.IdentityModel.Protocols.StaticConfigurationManager<OpenIdConnectConfiguration>(o.Configuration);
                });
                return;
            }
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestUserHandler>(TestUserHandler.SchemeName, _ => { });
            services.PostConfigure<AuthenticationOptions>(o =>
            {
                o.DefaultAuthenticateScheme = TestUserHandler.SchemeName;
            });
        });
    }

    /// <summary>A client whose cookies carry the development sign-in's antiforgery token, and that token for a form post.</summary>
    public async Task<(HttpClient Client, string Token)> SignInFormAsync(string? host = null)
    {
        var client = ClientFor(null);
        if (host is not null) client.DefaultRequestHeaders.Host = host;
        var page = await client.GetStringAsync(AuthSetup.DevSignInPath);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        return (client, token);
    }

    public HttpClient ClientFor(string? demoUser)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (demoUser is not null) client.DefaultRequestHeaders.Add(TestUserHeader, demoUser);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }

    /// <summary>Authenticates a request as the demo user named in the header, with the same claims as the development sign-in.</summary>
    private sealed class TestUserHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestUser";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (DemoUsers.Find(Request.Headers[TestUserHeader].ToString()) is not { } user)
            {
                // No header: fall back to the app's own scheme (the cookie of the development sign-in).
                return Context.AuthenticateAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
            }
            var claims = new List<Claim> { new(AppClaims.ObjectId, user.ObjectId), new(AppClaims.Name, user.Name), new(AppClaims.Email, user.Email) };
            claims.AddRange(user.Roles.Select(r => new Claim(AppClaims.Roles, r)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, AppClaims.Name, AppClaims.Roles));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
