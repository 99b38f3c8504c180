namespace LuccaInbox.E2E;

/// <summary>Page objects: the steps a reviewer takes, by test id.</summary>
/// <remarks>In-app navigations are history.pushState: URL waits use WaitUntil = Commit, never the page's load
/// event, which optional images may hold back.</remarks>
public static class Pages
{
    public static async Task SignInAsync(IPage page, string demoUser, string returnUrl = "/")
    {
        await page.GotoAsync($"/account/dev-signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByTestId($"dev-user-{demoUser}").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
    }

    public static async Task<IPage> SignedInPageAsync(AppUnderTest app, string demoUser)
    {
        var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, demoUser);
        return page;
    }

    /// <summary>Waits for the interactive grid (rows rendered by the live circuit).</summary>
    public static async Task OpenInboxAsync(IPage page, string query = "")
    {
        await page.GotoAsync("/" + query);
        await page.GetByTestId("inbox-grid").WaitForAsync();
        await page.Locator("[data-testid=inbox-row]").First.WaitForAsync();
        await WaitForCircuitAsync(page);
    }

    /// <summary>The layout marks the body once the interactive circuit is connected; clicks before that do nothing.</summary>
    public static async Task WaitForCircuitAsync(IPage page) =>
        await page.Locator("body[data-interactive=true]").WaitForAsync();

    public static async Task GotoInteractiveAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await WaitForCircuitAsync(page);
    }

    /// <summary>Clicks where a person would, in the middle of <paramref name="cell"/> of a grid row: the row is its
    /// document's link (stretched over it), so the click lands on that link, not on the cell itself. The point is taken
    /// once what is there belongs to the cell's row twice in a row (chips or a live update may still move the rows).</summary>
    public static async Task ClickRowAtAsync(ILocator cell)
    {
        await cell.ScrollIntoViewIfNeededAsync();
        const string PointOnRow = """
            cell => {
                const r = cell.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
                const hit = document.elementFromPoint(x, y);
                return hit && hit.closest('tr') === cell.closest('tr') ? [x, y] : null;
            }
            """;
        double[]? previous = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var point = await cell.EvaluateAsync<double[]?>(PointOnRow);
            if (point is not null && previous is not null && point.SequenceEqual(previous))
            {
                await cell.Page.Mouse.ClickAsync((float)point[0], (float)point[1]);
                return;
            }
            previous = point;
            await cell.Page.WaitForTimeoutAsync(100);
        }
        throw new TimeoutException("The row did not hold still under the pointer for 5 s.");
    }

    /// <summary>A processed invoice from the grid (all fields read by the OCR), oldest first so tests rarely pick the same one.</summary>
    public static async Task<(int InboxId, int DocumentId)> PickProcessedInvoiceAsync(IPage page, int skip = 0)
    {
        await OpenInboxAsync(page, "?ocr=Processed&type=Invoice&sort=received&dir=asc&size=100");
        var rows = page.Locator("[data-testid=inbox-row]");
        var index = skip + Random.Shared.Next(0, 5);
        var row = rows.Nth(index);
        return (InboxPicks.Parse(await row.GetAttributeAsync("data-inbox-id")), InboxPicks.Parse(await row.GetAttributeAsync("data-document-id")));
    }

    /// <summary>A screenshot the README shows: written to the test output, and over the README's copy only when
    /// UPDATE_README_SCREENSHOTS=1 (see E2EOutput).</summary>
    public static async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        var path = await SaveFailureScreenshotAsync(page, name);
        E2EOutput.CopyToReadme(path);
        return path;
    }

    /// <summary>A screenshot for whoever reads a failure: the test output only.</summary>
    public static async Task<string> SaveFailureScreenshotAsync(IPage page, string name)
    {
        var path = E2EOutput.ScreenshotPath(name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }
}

public static class InboxPicks
{
    public static int Parse(string? value) => int.Parse(value ?? "0", System.Globalization.CultureInfo.InvariantCulture);
}
