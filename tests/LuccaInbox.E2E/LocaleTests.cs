namespace LuccaInbox.E2E;

/// <summary>Issue 15: every render uses the viewer's culture, also a live update caused by a colleague in another one.</summary>
[Collection(AppCollection.Name)]
public sealed class LocaleTests(AppUnderTest app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private const string FirstRows = "[data-testid=inbox-row]:nth-child(-n+5)";

    // Every cell but the number's, which also holds who has the document open.
    private const string CellTexts = "rows => rows.map(r => [...r.cells].filter((c, i) => i !== 2).map(c => c.innerText.trim()).join(' | '))";

    [Fact(Timeout = Limit)]
    public async Task A_french_clerks_grid_keeps_french_formats_when_an_american_colleague_opens_a_document()
    {
        var french = await (await App.NewContextAsync(locale: "fr-FR")).NewPageAsync();
        await Pages.SignInAsync(french, "viewer");
        var american = await (await App.NewContextAsync(locale: "en-US")).NewPageAsync();
        await Pages.SignInAsync(american, "editor");

        await Pages.OpenInboxAsync(french, "?ocr=Processed&type=Invoice&cur=EUR&sort=amount");
        var rows = french.Locator(FirstRows);
        var before = await rows.EvaluateAllAsync<string[]>(CellTexts);
        var amount = await rows.First.Locator("td.num").InnerTextAsync();
        Assert.Matches(@"^\d{1,3}([\u202F\u00A0 ]\d{3})*,\d{2}", amount); // 8 978,33 CHF
        Assert.Matches(@"\b\d{2}/\d{2}/\d{4}\b", before[0]);

        // The colleague opens the first row's document: the French grid updates live (their avatar on the row).
        var inboxId = await rows.First.GetAttributeAsync("data-inbox-id");
        await Pages.GotoInteractiveAsync(american, $"/documents/{inboxId}");
        await Assertions.Expect(french.Locator($"[data-testid=inbox-row][data-inbox-id='{inboxId}'] [data-testid=presence-avatar]")).ToBeVisibleAsync();

        Assert.Equal(before, await rows.EvaluateAllAsync<string[]>(CellTexts));
        Assert.Equal(amount, await rows.First.Locator("td.num").InnerTextAsync());
        await Pages.SaveFailureScreenshotAsync(french, "locale-fr-after-live-update");
        await french.Context.CloseAsync();
        await american.Context.CloseAsync();
    }
}
