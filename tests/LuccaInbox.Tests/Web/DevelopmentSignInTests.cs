using System.Net;
using LuccaInbox.Tests.Support;

namespace LuccaInbox.Tests.Web;

public sealed class DevelopmentSignInTests
{
    [Fact]
    public async Task In_production_without_entra_id_the_app_refuses_to_start_with_the_development_sign_in()
    {
        await using var app = new WebAppFactory(environment: "Production");

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("Auth:AllowDevelopmentSignIn", error.Message);
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Test")]
    public async Task In_any_environment_but_development_without_entra_id_the_app_refuses_to_start(string environment)
    {
        await using var app = new WebAppFactory(environment: environment);

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("Auth:AllowDevelopmentSignIn", error.Message);
        Assert.Contains(environment, error.Message);
    }

    [Fact]
    public async Task In_staging_the_development_sign_in_runs_when_explicitly_allowed()
    {
        await using var app = new WebAppFactory(new Dictionary<string, string?> { ["Auth:AllowDevelopmentSignIn"] = "true" }, environment: "Staging");

        using var response = await app.ClientFor(null).GetAsync("/account/dev-signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task In_production_the_development_sign_in_runs_only_when_explicitly_allowed()
    {
        await using var app = new WebAppFactory(new Dictionary<string, string?>
        {
            ["Auth:AllowDevelopmentSignIn"] = "true",
            ["Audit:ChainKey"] = "a production audit chain key for this test only",
        }, environment: "Production");

        using var response = await app.ClientFor(null).GetAsync("/account/dev-signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"dev-user-admin\"", await response.Content.ReadAsStringAsync());
    }
}
