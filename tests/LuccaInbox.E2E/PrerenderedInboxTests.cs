using System.Text.RegularExpressions;

namespace LuccaInbox.E2E;

/// <summary>A page is prerendered before its circuit connects: what can be clicked then must work, the rest must say so.</summary>
[Collection(AppCollection.Name)]
public sealed class PrerenderedInboxTests(AppUnderTest app)
{
    [Fact]
    public async Task Before_the_page_is_live_a_click_anywhere_on_a_row_opens_its_document_and_the_buttons_are_disabled()
    {
        var page = await Pages.SignedInPageAsync(app, "booker");
        await page.RouteAsync(new Regex("/_blazor"), route => route.AbortAsync()); // the circuit never connects

        await page.GotoAsync("/?ocr=Processed&type=Invoice");
        var row = page.Locator("[data-testid=inbox-row]:has(a.row-link)").First;
        await row.WaitForAsync();
        var inboxId = await row.GetAttributeAsync("data-inbox-id");

        Assert.Equal($"/documents/{inboxId}?type=Invoice&ocr=Processed", await row.Locator("a.row-link").GetAttributeAsync("href"));
        await Assertions.Expect(page.GetByTestId("bulk-book")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("save-view")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("inbox-refresh")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("sort-amount")).ToBeDisabledAsync();
        Assert.Null(await page.Locator("body").GetAttributeAsync("data-interactive"));

        await Pages.ClickRowAtAsync(row.Locator("td").Nth(5)); // the owner: plain text, not the number's link
        await page.WaitForURLAsync(new Regex($"/documents/{inboxId}\\?"), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.Context.CloseAsync();
    }
}
