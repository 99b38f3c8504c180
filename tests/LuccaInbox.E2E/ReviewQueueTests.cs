using System.Text.RegularExpressions;

namespace LuccaInbox.E2E;

[Collection(AppCollection.Name)]
public sealed class ReviewQueueTests(AppUnderTest app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact(Timeout = Limit)]
    public async Task Booking_from_a_filtered_sorted_grid_lands_on_the_next_document_of_that_grid()
    {
        var booker = await Pages.SignedInPageAsync(App, "booker");
        const string grid = "?ocr=Processed&type=Invoice&sort=amount&dir=asc&size=100";
        await Pages.OpenInboxAsync(booker, grid);
        var rows = booker.Locator("[data-testid=inbox-row]");
        // A row whose Book is not blocked for this booker: no duplicate flag (that needs a reason) among the first rows.
        var index = 0;
        while (await rows.Nth(index).Locator("[data-testid=duplicate-chip]").CountAsync() > 0) index++;
        var current = await rows.Nth(index).GetAttributeAsync("data-inbox-id");
        var next = await rows.Nth(index + 1).GetAttributeAsync("data-inbox-id");

        await Pages.ClickRowAtAsync(rows.Nth(index).Locator("td").Nth(4));
        await booker.WaitForURLAsync(new Regex($"/documents/{current}\\?"), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(booker.GetByTestId("doc-position")).ToContainTextAsync($"{index + 1} of");
        await booker.GetByTestId("doc-book").ClickAsync();
        await booker.GetByTestId("confirm-book").ClickAsync();

        try
        {
            await booker.WaitForURLAsync(new Regex($"/documents/{next}\\?.*sort=amount"), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException)
        {
            var said = await booker.GetByTestId("doc-message").AllInnerTextsAsync();
            var screenshot = await Pages.SaveFailureScreenshotAsync(booker, "review-queue-not-booked");
            throw new Xunit.Sdk.XunitException($"The booking did not move on to the next document. The page said: {string.Join(" | ", said)} (screenshot: {screenshot})");
        }
        await Assertions.Expect(booker.GetByTestId("doc-form")).ToBeVisibleAsync();
        await booker.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task A_saved_view_appears_in_the_menu_with_its_count_and_restores_the_grid()
    {
        var viewer = await Pages.SignedInPageAsync(App, "viewer");
        await Pages.OpenInboxAsync(viewer, "?ocr=Failed&sort=due&dir=asc");
        var count = await viewer.GetByTestId("inbox-count").GetAttributeAsync("data-count");
        await viewer.GetByTestId("save-view").ClickAsync();
        await viewer.GetByTestId("save-view-name").FillAsync("My OCR failures");
        await viewer.GetByTestId("save-view-confirm").ClickAsync();

        var link = viewer.Locator("[data-testid=saved-view][data-view-name='My OCR failures']");
        await Assertions.Expect(link.GetByTestId("saved-view-count")).ToHaveTextAsync(count!);
        await Pages.OpenInboxAsync(viewer);
        await link.ClickAsync();
        await viewer.WaitForURLAsync(new Regex("ocr=Failed.*sort=due.*dir=asc"), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(viewer.GetByTestId("inbox-count")).ToHaveAttributeAsync("data-count", count!);
        await viewer.Context.CloseAsync();
    }
}
