namespace LuccaInbox.E2E;

[Collection(AppCollection.Name)]
public sealed class SecretLeakTests(AppUnderTest app)
{
    /// <summary>
    /// The Lucca API key must never leave the server. Every HTTP response of a full browser session (pages, scripts,
    /// images, downloads) and every line the app logged during the test run is searched for it.
    /// (SignalR frames are out of Playwright's reach; what they carry is rendered into the DOM, which is checked.)
    /// </summary>
    [Fact]
    public async Task The_lucca_api_key_appears_in_no_response_no_page_and_no_log_line()
    {
        var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        var bodies = new List<Task<string>>();
        page.Response += (_, response) => bodies.Add(ReadAsync(response));

        await Pages.SignInAsync(page, "admin");
        await Pages.OpenInboxAsync(page);
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(page, skip: 8);
        await Pages.GotoInteractiveAsync(page, $"/documents/{inboxId}");
        await page.GetByTestId("doc-preview-image").WaitForAsync();
        var domAfterDocument = await page.ContentAsync();
        await Pages.GotoInteractiveAsync(page, "/booked");
        await Pages.GotoInteractiveAsync(page, "/audit");
        var domAfterAudit = await page.ContentAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/dev-signin", StringComparison.Ordinal));
        await page.GotoAsync("/health/ready");

        var texts = (await Task.WhenAll(bodies)).Append(domAfterDocument).Append(domAfterAudit).ToList();
        Assert.True(texts.Count > 10, $"only {texts.Count} responses were seen");
        Assert.DoesNotContain(texts, t => t.Contains(AppUnderTest.EmulatorApiKey, StringComparison.Ordinal));
        Assert.NotEmpty(app.LogLines);
        Assert.DoesNotContain(app.LogLines, line => line.Contains(AppUnderTest.EmulatorApiKey, StringComparison.Ordinal));
        await context.CloseAsync();
    }

    private static async Task<string> ReadAsync(IResponse response)
    {
        try
        {
            var body = await response.BodyAsync();
            var headers = string.Join('\n', (await response.AllHeadersAsync()).Select(h => $"{h.Key}: {h.Value}"));
            return headers + "\n" + System.Text.Encoding.UTF8.GetString(body);
        }
        catch (PlaywrightException)
        {
            return ""; // redirects and aborted requests have no body
        }
    }
}
