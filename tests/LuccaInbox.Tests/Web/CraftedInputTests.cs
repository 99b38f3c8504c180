using System.Net;
using LuccaInbox.Tests.Support;
using Microsoft.Extensions.Logging;

namespace LuccaInbox.Tests.Web;

/// <summary>Issue 13 item 11: inputs that gave a 500 answer 400 or fall back to "/", with at most one log line and no stack trace.
/// One app for the class: these requests change nothing in it, and each test clears the log before it looks.</summary>
public sealed class CraftedInputTests(SharedWebApp shared) : IClassFixture<SharedWebApp>
{
    private readonly WebAppFactory _app = shared.App;

    private IReadOnlyList<LogCapture.Entry> Logged => _app.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();

    private static string Describe(IEnumerable<LogCapture.Entry> entries) =>
        string.Join("\n", entries.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}"));

    [Theory]
    [InlineData("/audit?to=9999-12-31")]
    [InlineData("/audit?from=9999-12-31&to=9999-12-31")]
    [InlineData("/audit/export.csv?to=9999-12-31")]
    [InlineData("/audit/export.csv?from=0001-01-01&to=9999-12-31")]
    public async Task The_last_day_of_the_calendar_as_a_date_filter_is_not_a_server_error(string path)
    {
        var client = _app.ClientFor("admin");
        await client.GetAsync("/health/live"); // the app is up before the log is read
        _app.Logs.Clear();

        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{path} answered {(int)response.StatusCode}");
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain(Logged, e => e.Exception is not null);
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\u3000/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("/\u00e9t\u00e9")]
    [InlineData("https://evil.example/")]
    public async Task A_crafted_return_url_after_the_development_sign_in_falls_back_to_the_root(string returnUrl)
    {
        var (client, token) = await _app.SignInFormAsync();
        _app.Logs.Clear();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "viewer", ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = token });

        using var response = await client.PostAsync("/account/dev-signin", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Empty(Logged);
    }

    [Fact]
    public async Task A_return_url_with_a_query_survives_the_development_sign_in()
    {
        var (client, token) = await _app.SignInFormAsync();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "viewer", ["returnUrl"] = "/?q=caf%C3%A9&page=2", ["__RequestVerificationToken"] = token });

        using var response = await client.PostAsync("/account/dev-signin", form);

        Assert.Equal("/?q=caf%C3%A9&page=2", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_sign_in_post_without_a_token_or_user_answers_400_with_one_log_line_and_no_stack_trace(bool withToken)
    {
        var (client, token) = await _app.SignInFormAsync();
        _app.Logs.Clear();
        var fields = withToken ? new Dictionary<string, string> { ["__RequestVerificationToken"] = token } : new Dictionary<string, string> { ["user"] = "admin" };
        using var form = new FormUrlEncodedContent(fields);

        using var response = await client.PostAsync("/account/dev-signin", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(Logged.Count <= 1, Describe(Logged));
        Assert.DoesNotContain(Logged, e => e.Exception is not null);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/audit")]
    [InlineData("/documents/1")]
    public async Task An_anonymous_request_logs_no_stack_trace(string path)
    {
        var client = _app.ClientFor(null);
        await client.GetAsync("/health/live");
        _app.Logs.Clear();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain(Logged, e => e.Exception is not null);
        Assert.True(Logged.Count <= 1, Describe(Logged));
    }
}
