using System.Net;
using LuccaInbox.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Tests.Web;

/// <summary>Issue 13 item 12: health details, Host header, forwarded headers, Secure cookies, HSTS, CSP, CSV caching.</summary>
public sealed class DeploymentHardeningTests
{
    private const string HealthKey = "health-key-for-tests-0123456789";

    private static Dictionary<string, string?> Production(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:AllowDevelopmentSignIn"] = "true",
            ["Audit:ChainKey"] = "a production audit chain key for this test only",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task Anonymous_readiness_is_a_bare_status_and_details_need_the_key_or_the_audit_role()
    {
        await using var app = new WebAppFactory(new Dictionary<string, string?> { ["Health:DetailsKey"] = HealthKey });
        using var live = await app.ClientFor(null).GetAsync("/health/live");
        using var anonymous = await app.ClientFor(null).GetAsync("/health/ready");
        var wrongKey = app.ClientFor(null);
        wrongKey.DefaultRequestHeaders.Add("X-Health-Key", "guess");
        var rightKey = app.ClientFor(null);
        rightKey.DefaultRequestHeaders.Add("X-Health-Key", HealthKey);

        var bare = await anonymous.Content.ReadAsStringAsync();
        var guessed = await (await wrongKey.GetAsync("/health/ready")).Content.ReadAsStringAsync();
        var keyed = await (await rightKey.GetAsync("/health/ready")).Content.ReadAsStringAsync();
        var viewer = await app.ClientFor("viewer").GetStringAsync("/health/ready");
        var auditor = await app.ClientFor("auditor").GetStringAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Contains("\"status\":\"Healthy\"", bare);
        foreach (var body in new[] { bare, guessed, viewer })
        {
            Assert.DoesNotContain("managedMemoryBytes", body);
            Assert.DoesNotContain("requestsSinceStart", body);
            Assert.DoesNotContain("requestsInWindow", body);
            Assert.DoesNotContain("documents in the inbox", body);
        }
        Assert.Contains("\"requestsInWindow\"", keyed);
        Assert.Contains("\"audit-database\"", auditor);
    }

    [Fact]
    public async Task A_forged_host_header_is_not_echoed_into_the_sign_in_redirect()
    {
        await using var app = new WebAppFactory();
        var client = app.ClientFor(null);
        client.DefaultRequestHeaders.Host = "evil.example";

        using var response = await client.GetAsync("/audit?from=2026-01-01");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.DoesNotContain("evil.example", location);
        Assert.StartsWith("/account/dev-signin", location);
    }

    [Fact]
    public async Task Behind_a_tls_proxy_the_forwarded_scheme_is_read_and_hsts_sent()
    {
        await using var app = new WebAppFactory(Production(), environment: "Production");
        var client = app.ClientFor(null);
        client.DefaultRequestHeaders.Host = "inbox.example.com";
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var response = await client.GetAsync("/account/dev-signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"), "no HSTS behind the TLS proxy");
        Assert.Contains("secure", response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)),
            StringComparison.OrdinalIgnoreCase);
        Assert.Contains(app.Logs.Entries, e => e.Message.Contains("AllowedHosts is '*'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Known_proxies_and_networks_come_from_configuration()
    {
        await using var app = new WebAppFactory(Production(("ForwardedHeaders:KnownProxies", "10.0.0.5, 10.0.0.6"), ("ForwardedHeaders:KnownNetworks", "172.16.0.0/12")),
            environment: "Production");
        _ = app.Server;

        var options = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Contains(IPAddress.Parse("10.0.0.5"), options.KnownProxies);
        Assert.Contains(IPAddress.Parse("10.0.0.6"), options.KnownProxies);
        Assert.Contains(System.Net.IPNetwork.Parse("172.16.0.0/12"), options.KnownIPNetworks);
    }

    [Fact]
    public async Task Outside_development_cookies_are_secure_even_on_a_plain_http_hop()
    {
        await using var app = new WebAppFactory(Production(), environment: "Production");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var page = await client.GetAsync("/account/dev-signin");
        var html = await page.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var antiforgeryCookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/dev-signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "viewer", ["returnUrl"] = "/", ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);

        using var signedIn = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var authCookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("LuccaInbox.Auth=", StringComparison.Ordinal));
        Assert.Contains("secure", authCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_csp_lets_scripts_connect_to_this_origin_only_and_the_csv_is_never_cached()
    {
        await using var app = new WebAppFactory();
        using var page = await app.ClientFor("auditor").GetAsync("/");
        using var csv = await app.ClientFor("auditor").GetAsync("/audit/export.csv");

        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("connect-src 'self';", csp);
        Assert.DoesNotContain("ws:", csp);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.True(csv.Headers.CacheControl?.NoStore, $"Cache-Control: {csv.Headers.CacheControl}");
    }
}
