using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;

namespace LuccaInbox.Web.Hosting;

/// <summary>
/// Running behind a TLS-terminating proxy: X-Forwarded-For and X-Forwarded-Proto are read from the proxies named in
/// ForwardedHeaders:KnownProxies (IP addresses) and ForwardedHeaders:KnownNetworks (CIDR ranges), comma-separated,
/// besides loopback. Without them Request.IsHttps stays false behind the proxy: no HSTS, no https redirect.
/// X-Forwarded-Host is not read: the Host header is checked against AllowedHosts instead.
/// </summary>
public static class ProxySetup
{
    public static void AddProxyAndCookieHardening(this WebApplicationBuilder builder)
    {
        var proxies = List(builder.Configuration["ForwardedHeaders:KnownProxies"])
            .Select(p => IPAddress.TryParse(p, out var ip) ? ip : throw Invalid("KnownProxies", p)).ToList();
        var networks = List(builder.Configuration["ForwardedHeaders:KnownNetworks"])
            .Select(n => System.Net.IPNetwork.TryParse(n, out var net) ? net : throw Invalid("KnownNetworks", n)).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });

        // Outside Development the sign-in cookies are Secure even when the hop from the proxy is plain HTTP (browsers
        // accept them from http://localhost, so a local Production demo still signs in). The antiforgery cookie stays
        // SameAsRequest (its default is never Secure): with Always, antiforgery refuses to issue tokens at all over HTTP.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Services.PostConfigureAll<CookieAuthenticationOptions>(options => options.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        }
        builder.Services.PostConfigure<AntiforgeryOptions>(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
    }

    /// <summary>A "*" AllowedHosts lets any Host header through (into Entra ID's redirect_uri, for one): say so at start.</summary>
    public static void WarnAboutOpenHosts(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && app.Configuration["AllowedHosts"] is null or "" or "*")
        {
            app.Logger.LogWarning("AllowedHosts is '*': set it to the host names this app is served under (semicolon-separated)");
        }
    }

    private static IEnumerable<string> List(string? value) =>
        (value ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static InvalidOperationException Invalid(string key, string value) =>
        new($"ForwardedHeaders:{key} has '{value}', which is not an IP address{(key == "KnownNetworks" ? " range (CIDR, e.g. 10.0.0.0/8)" : "")}.");
}
