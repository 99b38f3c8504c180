using System.Net;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Inbox;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Tests.Web;

/// <summary>Requests that change nothing in the app: one app for the whole class.</summary>
public sealed class AccessAndProxyTests(SharedWebApp shared) : IClassFixture<SharedWebApp>, IAsyncLifetime
{
    private readonly WebAppFactory _app = shared.App;
    private string _fileId = "";
    private int _pageCount;

    public async Task InitializeAsync()
    {
        var inbox = _app.Services.GetRequiredService<InboxService>();
        var attachment = (await inbox.GetAsync()).Rows.Select(r => r.FirstAttachment).First(a => a?.File?.Id is not null)!;
        _fileId = attachment.File!.Id!;
        _pageCount = attachment.PageCount;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(null, "/", HttpStatusCode.Redirect)]
    [InlineData(null, "/audit", HttpStatusCode.Redirect)]
    [InlineData("viewer", "/", HttpStatusCode.OK)]
    [InlineData("viewer", "/audit", HttpStatusCode.Redirect)] // to the access-denied page, never the data
    [InlineData("auditor", "/audit", HttpStatusCode.OK)]
    [InlineData("editor", "/booked", HttpStatusCode.OK)]
    public async Task Pages_need_sign_in_and_the_right_role(string? user, string path, HttpStatusCode expected)
    {
        using var response = await _app.ClientFor(user).GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
        {
            Assert.Matches(user is null ? "/account/dev-signin" : "/account/denied", response.Headers.Location!.ToString());
        }
    }

    [Theory]
    [InlineData(null, "/audit/export.csv", HttpStatusCode.Unauthorized)]
    [InlineData("viewer", "/audit/export.csv", HttpStatusCode.Forbidden)]
    [InlineData("booker", "/audit/verify", HttpStatusCode.Forbidden)]
    [InlineData("auditor", "/audit/export.csv", HttpStatusCode.OK)]
    [InlineData("auditor", "/audit/verify", HttpStatusCode.OK)]
    public async Task Data_endpoints_answer_401_or_403_instead_of_data(string? user, string path, HttpStatusCode expected)
    {
        using var response = await _app.ClientFor(user).GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_page_image_of_a_known_attachment_is_served_cacheable_to_a_reader_only()
    {
        using var anonymous = await _app.ClientFor(null).GetAsync($"/previews/{_fileId}/pages/1");
        using var auditorWithoutRead = await _app.ClientFor("viewer").GetAsync($"/previews/{_fileId}/pages/1");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, auditorWithoutRead.StatusCode);
        Assert.Equal("image/png", auditorWithoutRead.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", auditorWithoutRead.Headers.CacheControl!.ToString());
    }

    [Theory]
    [InlineData("/previews/{file}/pages/0")]
    [InlineData("/previews/{file}/pages/{beyond}")]
    [InlineData("/previews/00000000-0000-0000-0000-000000000000/pages/1")]
    [InlineData("/previews/not-a-guid/pages/1")]
    [InlineData("/previews/{file}/pages/1%2F..%2F..%2Fapi%2Fv3%2Fusers")]
    [InlineData("/previews/{file}/../../cleemy-procurement/api/files/{file}")]
    [InlineData("/previews/https%3A%2F%2Fevil.example%2Fx/pages/1")]
    [InlineData("/previews/%2F%2Fevil.example/pages/1")]
    [InlineData("/previews/{file}/pages/1?href=https://evil.example/")]
    public async Task The_image_proxy_serves_nothing_but_known_file_pages(string template)
    {
        var path = template.Replace("{file}", _fileId, StringComparison.Ordinal)
            .Replace("{beyond}", (_pageCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await _app.ClientFor("admin").GetAsync(path);

        if (template.Contains("?href=", StringComparison.Ordinal))
        {
            // Extra query parameters are ignored: it is still the known file's own page.
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            return;
        }
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path} answered {(int)response.StatusCode}");
        Assert.NotEqual("image/png", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/documents/abc", HttpStatusCode.NotFound)]
    [InlineData("/documents/99999999999", HttpStatusCode.NotFound)]
    [InlineData("/booked/-1x", HttpStatusCode.NotFound)]
    [InlineData("/?page=99999999&size=7&ocr=%3Cscript%3E&amin=NaN&dfrom=2026-02-30&sort=%27%3Bdrop", HttpStatusCode.OK)]
    [InlineData("/audit?from=yesterday&action=Delete&outcome=%00", HttpStatusCode.OK)]
    public async Task Crafted_routes_and_queries_get_a_clean_answer_never_a_stack_trace(string path, HttpStatusCode expected)
    {
        using var response = await _app.ClientFor("admin").GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, response.StatusCode);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("   at ", body);
    }

    [Theory]
    [InlineData("/account/signout")]
    [InlineData("/account/dev-signin")]
    public async Task Posts_without_an_antiforgery_token_are_refused(string path)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "admin", ["returnUrl"] = "/" });

        using var response = await _app.ClientFor("viewer").PostAsync(path, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        Assert.DoesNotContain(cookies, c => c.StartsWith("LuccaInbox.Auth=", StringComparison.Ordinal)); // not signed in, not signed out
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        using var response = await _app.ClientFor("viewer").GetAsync("/");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Health_ready_reports_the_audit_database_and_lucca()
    {
        using var response = await _app.ClientFor("auditor").GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"audit-database\"", body);
        Assert.Contains("\"requestsInWindow\"", body);
    }
}
