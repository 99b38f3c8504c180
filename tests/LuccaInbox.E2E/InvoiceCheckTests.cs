using System.Text.RegularExpressions;

namespace LuccaInbox.E2E;

/// <summary>
/// Issue 16 as a clerk sees it: a misread document number shows "differs" with the invoice's own value (its Factur-X data),
/// one click puts it in the form and the save keeps it; a document whose IBAN is not the supplier's on file is flagged, and
/// its Book dialog says so and asks for a reason. Which documents these are comes from the emulator's seeded truth.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class InvoiceCheckTests(AppUnderTest app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private static async Task<IReadOnlySet<int>> InboxIdsAsync(IPage page)
    {
        await Pages.OpenInboxAsync(page, "?size=100");
        var ids = await page.Locator("[data-testid=inbox-row]").EvaluateAllAsync<int[]>("rows => rows.map(r => +r.dataset.inboxId)");
        return ids.ToHashSet();
    }

    [Fact(Timeout = Limit)]
    public async Task A_misread_field_shows_the_invoices_own_value_which_one_click_puts_in_the_form_and_the_save_keeps()
    {
        var editor = await Pages.SignedInPageAsync(App, "editor");
        var inInbox = await InboxIdsAsync(editor);
        // A misread number, else a misread total, on an original that says the true value (Factur-X data, else its text).
        var misread = (await SeededTruth.ReadAsync(App)).Values
            .Where(t => t.MisreadField is "documentNumber" or "includingTaxes" && t.OriginalKind is "FacturX" or "Text" && inInbox.Contains(t.InboxId))
            .OrderBy(t => t.OriginalKind == "FacturX" ? 0 : 1).ThenBy(t => t.MisreadField == "documentNumber" ? 0 : 1).First();
        var field = misread.MisreadField!;
        Output.WriteLine($"Document {misread.InboxId}: {field} read as {misread.OcrValue}, printed {misread.TrueValue} ({misread.OriginalKind})");

        await Pages.GotoInteractiveAsync(editor, $"/documents/{misread.InboxId}");
        var verdict = editor.GetByTestId($"verdict-{field}");
        await Assertions.Expect(verdict).ToHaveAttributeAsync("data-verdict", "Differs", new() { Timeout = 30_000 }); // the original is read once
        // As the invoice prints it ("23,632.90" for 23632.90).
        Assert.Contains(misread.TrueValue!, (await verdict.InnerTextAsync()).Replace(",", "", StringComparison.Ordinal));
        await Assertions.Expect(editor.GetByTestId("doc-original-check")).ToContainTextAsync(misread.OriginalKind == "FacturX" ? "Factur-X" : "text");
        await Assertions.Expect(editor.GetByTestId("doc-supplier")).Not.ToContainTextAsync("not known");
        await editor.GetByTestId($"field-{field}").FocusAsync();
        await Assertions.Expect(editor.GetByTestId("where-box")).ToBeVisibleAsync(); // where the number is on the page
        await Pages.SaveScreenshotAsync(editor, "invoice-check-differs");

        await editor.GetByTestId($"use-invoice-{field}").ClickAsync();
        await Assertions.Expect(editor.GetByTestId($"field-{field}")).ToHaveValueAsync(misread.TrueValue!);
        await Assertions.Expect(verdict).ToHaveAttributeAsync("data-verdict", "Matches");
        await editor.GetByTestId("doc-save").ClickAsync();
        await Assertions.Expect(editor.GetByText(new Regex("Saved \\d+ change"))).ToBeVisibleAsync();

        await editor.ReloadAsync();
        await Pages.WaitForCircuitAsync(editor);
        await Assertions.Expect(editor.GetByTestId($"field-{field}")).ToHaveValueAsync(misread.TrueValue!);
        await Assertions.Expect(editor.GetByTestId($"verdict-{field}")).ToHaveAttributeAsync("data-verdict", "Matches");
    }

    [Fact(Timeout = Limit)]
    public async Task Changed_bank_details_are_flagged_in_the_grid_and_the_Book_dialog_asks_for_a_reason()
    {
        var booker = await Pages.SignedInPageAsync(App, "booker");
        var inInbox = await InboxIdsAsync(booker);
        var fraud = (await SeededTruth.ReadAsync(App)).Values.First(t => t.IbanDiffersFromSupplier && inInbox.Contains(t.InboxId));

        await Pages.OpenInboxAsync(booker, "?check=bank&size=100");
        var row = booker.Locator($"[data-testid=inbox-row][data-inbox-id='{fraud.InboxId}']");
        await Assertions.Expect(row.GetByTestId("bank-chip")).ToBeVisibleAsync(new() { Timeout = 30_000 }); // once suppliers are read
        await Assertions.Expect(row.GetByTestId("row-supplier")).Not.ToBeEmptyAsync();
        await Pages.SaveScreenshotAsync(booker, "invoice-check-grid");

        await Pages.GotoInteractiveAsync(booker, $"/documents/{fraud.InboxId}");
        await Assertions.Expect(booker.GetByTestId("doc-bank-differs")).ToContainTextAsync("not");
        var book = booker.GetByTestId("doc-book");
        await Assertions.Expect(book).ToBeEnabledAsync();
        await book.ClickAsync();
        await Assertions.Expect(booker.GetByTestId("book-bank-differs")).ToBeVisibleAsync();
        await Assertions.Expect(booker.GetByTestId("confirm-book")).ToBeDisabledAsync();
        await Assertions.Expect(booker.GetByTestId("book-anyway-reason")).ToBeVisibleAsync();
        await Pages.SaveScreenshotAsync(booker, "invoice-check-book-dialog");
        await booker.GetByTestId("cancel-book").ClickAsync();
        await Assertions.Expect(booker.GetByTestId("book-dialog")).ToHaveCountAsync(0);
    }
}
