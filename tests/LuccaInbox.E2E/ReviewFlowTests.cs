using System.Globalization;
using System.Text.RegularExpressions;

namespace LuccaInbox.E2E;

[Collection(AppCollection.Name)]
public sealed class ReviewFlowTests(AppUnderTest app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact(Timeout = Limit)]
    public async Task The_inbox_shows_its_count_filters_by_ocr_status_and_opens_a_document_with_its_page_image()
    {
        var page = await Pages.SignedInPageAsync(App, "admin");
        await Pages.OpenInboxAsync(page);
        await Assertions.Expect(page.GetByTestId("emulator-badge")).ToBeVisibleAsync();
        var total = int.Parse(await page.GetByTestId("inbox-count").GetAttributeAsync("data-count") ?? "0", CultureInfo.InvariantCulture);
        Assert.True(total > 0);
        await Pages.SaveScreenshotAsync(page, "inbox");

        await page.GetByTestId("filter-ocr-Processed").ClickAsync();
        // A filter changes the URL in place (history.pushState): no page load to wait for.
        await page.WaitForURLAsync(new Regex("ocr=Processed"), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("[data-testid=inbox-row] [data-testid=ocr-chip]").First).ToHaveAttributeAsync("data-ocr-status", "Processed");
        var statuses = await page.Locator("[data-testid=inbox-row] [data-testid=ocr-chip]").EvaluateAllAsync<string[]>("chips => chips.map(c => c.dataset.ocrStatus)");
        Assert.All(statuses, s => Assert.Equal("Processed", s));
        var filtered = int.Parse(await page.GetByTestId("inbox-count").GetAttributeAsync("data-count") ?? "0", CultureInfo.InvariantCulture);
        Assert.InRange(filtered, 1, total - 1);

        var row = page.Locator("[data-testid=inbox-row]").First;
        var inboxId = await row.GetAttributeAsync("data-inbox-id");
        await Pages.ClickRowAtAsync(row.Locator("td").Nth(4)); // anywhere on the row
        await page.WaitForURLAsync(new Regex($"/documents/{inboxId}"), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        var image = page.GetByTestId("doc-preview-image");
        await Assertions.Expect(image).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=doc-preview-image]'); return i && i.complete && i.naturalWidth > 0; }");
        Assert.True(await image.EvaluateAsync<int>("i => i.naturalWidth") > 0);
        await Assertions.Expect(page.GetByTestId("doc-form")).ToBeVisibleAsync();
        await Pages.SaveScreenshotAsync(page, "document");
        await page.Context.CloseAsync();
    }
}
