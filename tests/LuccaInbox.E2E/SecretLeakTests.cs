using System.Collections.Concurrent;

namespace LuccaInbox.E2E;

[Collection(AppCollection.Name)]
public sealed class SecretLeakTests(AppUnderTest app, ITestOutputHelper output) : BrowserTest(app, output)
{
    /// <summary>
    /// The Lucca API key must never leave the server. Every HTTP response of a full browser session (pages, scripts,
    /// images, downloads) and every line the app logged during the test run is searched for it.
    /// (SignalR frames are out of Playwright's reach; what they carry is rendered into the DOM, which is checked.)
    /// </summary>
    [Fact(Timeout = Limit)]
    public async Task The_lucca_api_key_appears_in_no_response_no_page_and_no_log_line()
    {
        var context = await App.NewContextAsync();
        var page = await context.NewPageAsync();
        var bodies = new ResponseBodies(context, Output);
        page.Response += (_, response) => bodies.Read(response);

        await Pages.SignInAsync(page, "admin");
        await Pages.OpenInboxAsync(page);
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(page, skip: 8);
        await Pages.GotoInteractiveAsync(page, $"/documents/{inboxId}");
        await page.GetByTestId("doc-preview-image").WaitForAsync();
        var domAfterDocument = await page.ContentAsync();
        await Pages.GotoInteractiveAsync(page, "/booked");
        await Pages.GotoInteractiveAsync(page, "/audit");
        var domAfterAudit = await page.ContentAsync();
        var signedIn = await bodies.CollectAsync(); // while signed in: a body the browser never finished is fetched again as this user
        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/dev-signin", StringComparison.Ordinal));
        await page.GotoAsync("/health/ready");

        var texts = signedIn.Concat(await bodies.CollectAsync()).Append(domAfterDocument).Append(domAfterAudit).ToList();
        Assert.True(texts.Count > 10, $"only {texts.Count} responses were seen");
        Assert.DoesNotContain(texts, t => t.Contains(AppUnderTest.EmulatorApiKey, StringComparison.Ordinal));
        Assert.NotEmpty(App.LogLines);
        Assert.DoesNotContain(App.LogLines, line => line.Contains(AppUnderTest.EmulatorApiKey, StringComparison.Ordinal));
        await context.CloseAsync();
    }

    /// <summary>
    /// Each response's headers and body, read as it arrives (a body is gone once the page navigates away). Playwright's
    /// body read has no time limit and ends only when the browser reports the response finished or the page closes;
    /// a response the browser never finishes used to hold this test, and the suite, forever. Here each read is bounded,
    /// and such a body is fetched again through the same browser context (same cookies) and checked all the same.
    /// </summary>
    private sealed class ResponseBodies(IBrowserContext context, ITestOutputHelper output)
    {
        private static readonly TimeSpan BodyLimit = TimeSpan.FromSeconds(10);
        private readonly ConcurrentQueue<(IResponse Response, Task<string?> Text)> _pending = new();

        public void Read(IResponse response) => _pending.Enqueue((response, ReadAsync(response)));

        /// <summary>Every response seen since the last call, as text; never waits more than a bound per response.</summary>
        public async Task<List<string>> CollectAsync()
        {
            var texts = new List<string>();
            while (_pending.TryDequeue(out var pending))
            {
                texts.Add(await pending.Text ?? await FetchAgainAsync(pending.Response));
            }
            return texts;
        }

        private static async Task<string?> ReadAsync(IResponse response)
        {
            try
            {
                var body = await response.BodyAsync().WaitAsync(BodyLimit);
                return await HeadersAsync(response) + "\n" + System.Text.Encoding.UTF8.GetString(body);
            }
            catch (TimeoutException)
            {
                return null;
            }
            catch (PlaywrightException)
            {
                return await HeadersAsync(response); // redirects and aborted requests have no body
            }
        }

        private async Task<string> FetchAgainAsync(IResponse response)
        {
            output.WriteLine($"The browser did not finish {response.Request.Method} {response.Url} within {BodyLimit.TotalSeconds} s; fetched again.");
            var headers = await HeadersAsync(response);
            if (response.Request.Method != "GET") return headers;
            var again = await context.APIRequest.GetAsync(response.Url, new APIRequestContextOptions { MaxRedirects = 0, Timeout = (float)BodyLimit.TotalMilliseconds });
            return headers + "\n" + await again.TextAsync();
        }

        /// <summary>All headers as they came; the ones the browser reported at once if it never tells the rest.</summary>
        private static async Task<string> HeadersAsync(IResponse response)
        {
            Dictionary<string, string> headers;
            try
            {
                headers = await response.AllHeadersAsync().WaitAsync(BodyLimit);
            }
            catch (TimeoutException)
            {
                headers = response.Headers;
            }
            return string.Join('\n', headers.Select(h => $"{h.Key}: {h.Value}"));
        }
    }
}
