using System.Net;
using LuccaInbox.Tests.Support;

namespace LuccaInbox.Tests.Web;

public sealed class EntraIdTests
{
    [Fact]
    public async Task With_AzureAd_configured_an_anonymous_request_is_challenged_to_the_configured_authority()
    {
        await using var app = new WebAppFactory(new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "11111111-2222-3333-4444-555555555555",
            ["AzureAd:ClientId"] = "66666666-7777-8888-9999-000000000000",
            ["AzureAd:ClientSecret"] = "not-a-real-secret",
            ["AzureAd:CallbackPath"] = "/signin-oidc",
        });
        var client = app.ClientFor(null);

        using var response = await client.GetAsync("/");

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/v2.0/authorize", location);
        Assert.Contains("client_id=66666666-7777-8888-9999-000000000000", location);
        Assert.Contains("redirect_uri=", location);
    }
}
