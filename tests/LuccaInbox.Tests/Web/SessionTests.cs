using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using LuccaInbox.Tests.Support;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Tests.Web;

/// <summary>Issue 13 item 8: signing out ends the person's other tabs and open circuits; a removed role takes effect on them.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly WebAppFactory _app = new(new Dictionary<string, string?> { ["Auth:RevalidateSeconds"] = "1" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Signing_out_ends_the_cookie_in_every_other_tab()
    {
        var (browser, cookie) = await SignInAsync("viewer");
        var otherTab = TabWith(cookie);
        using (var before = await otherTab.GetAsync("/")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await SignOutAsync(browser);

        using var after = await otherTab.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/dev-signin", after.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Signing_out_ends_an_open_circuit_within_the_revalidation_interval()
    {
        var (browser, cookie) = await SignInAsync("viewer");
        await using var circuit = _app.Services.CreateAsyncScope();
        var signedOut = OpenCircuit(circuit, cookie);

        await Task.Delay(TimeSpan.FromSeconds(2.5)); // two revalidations of a live session change nothing
        Assert.False(signedOut.IsCompleted);
        await SignOutAsync(browser);

        Assert.Same(signedOut, await Task.WhenAny(signedOut, Task.Delay(Patience)));
    }

    [Fact]
    public async Task A_removed_role_takes_effect_on_open_tabs_and_circuits()
    {
        var (_, cookie) = await SignInAsync("auditor");
        var otherTab = TabWith(cookie);
        using (var before = await otherTab.GetAsync("/audit")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await using var circuit = _app.Services.CreateAsyncScope();
        var signedOut = OpenCircuit(circuit, cookie);

        _app.Services.GetRequiredService<IConfiguration>()["Auth:DemoRoles:auditor"] = "Inbox.Read";

        using var after = await otherTab.GetAsync("/audit");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/denied", after.Headers.Location!.ToString());
        using (var stillReads = await otherTab.GetAsync("/")) Assert.Equal(HttpStatusCode.OK, stillReads.StatusCode);
        Assert.Same(signedOut, await Task.WhenAny(signedOut, Task.Delay(Patience)));
    }

    [Fact]
    public void The_roles_a_person_holds_now_come_from_their_demo_configuration_or_their_latest_sign_in()
    {
        var sessions = _app.Services.GetRequiredService<LuccaInbox.Web.Auth.SessionCheck>();
        var booker = LuccaInbox.Web.Auth.DemoUsers.Find("booker")!;
        Assert.Contains(LuccaInbox.Web.Auth.AppRoles.InboxBook, sessions.RolesNow(booker.ObjectId)!); // no sign-in needed
        _app.Services.GetRequiredService<IConfiguration>()["Auth:DemoRoles:booker"] = "Inbox.Read";
        Assert.Equal(["Inbox.Read"], sessions.RolesNow(booker.ObjectId)!);

        Assert.Null(sessions.RolesNow("someone-else")); // not a demo user, never signed in: unknown
        sessions.Start("someone-else", ["Inbox.Read", "Inbox.Book"]);
        sessions.Start("someone-else", ["Inbox.Read"]);
        Assert.Equal(["Inbox.Read"], sessions.RolesNow("someone-else")!); // the latest sign-in's
    }

    [Fact]
    public async Task With_entra_id_the_cookie_lasts_the_configured_minutes_without_sliding()
    {
        await using var app = new WebAppFactory(new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "11111111-2222-3333-4444-555555555555",
            ["AzureAd:ClientId"] = "66666666-7777-8888-9999-000000000000",
            ["AzureAd:ClientSecret"] = "not-a-real-secret",
            ["Auth:SessionMinutes"] = "45",
        });

        var cookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);

        Assert.Equal(TimeSpan.FromMinutes(45), cookie.ExpireTimeSpan);
        Assert.False(cookie.SlidingExpiration);
    }

    /// <summary>Signs in through the development sign-in form; the client keeps the cookie, which is also returned.</summary>
    private async Task<(HttpClient Browser, string Cookie)> SignInAsync(string user)
    {
        var (client, token) = await _app.SignInFormAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["returnUrl"] = "/", ["__RequestVerificationToken"] = token });
        using var response = await client.PostAsync("/account/dev-signin", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("LuccaInbox.Auth=", StringComparison.Ordinal));
        return (client, cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]);
    }

    private async Task SignOutAsync(HttpClient browser)
    {
        var page = await browser.GetStringAsync("/");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var response = await browser.PostAsync("/account/signout", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Another tab of the same browser: the same cookie, sent as it was issued.</summary>
    private HttpClient TabWith(string cookie)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>What a Blazor circuit does: its authentication state starts as the cookie's user. Completes when the
    /// circuit's state turns anonymous.</summary>
    private Task OpenCircuit(AsyncServiceScope circuit, string cookie)
    {
        var options = _app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = options.TicketDataFormat.Unprotect(cookie["LuccaInbox.Auth=".Length..])!;
        var provider = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var signedOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true) signedOut.TrySetResult();
        };
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(ticket.Principal))));
        return signedOut.Task;
    }
}
