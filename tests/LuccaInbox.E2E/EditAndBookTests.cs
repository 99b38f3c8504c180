using System.Globalization;
using System.Text.RegularExpressions;

namespace LuccaInbox.E2E;

[Collection(AppCollection.Name)]
public sealed class EditAndBookTests(AppUnderTest app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact(Timeout = Limit)]
    public async Task An_editor_corrects_a_document_a_booker_books_it_and_the_audit_log_shows_both_with_their_names()
    {
        // The editor corrects the OCR's result.
        var editor = await Pages.SignedInPageAsync(App, "editor");
        var (inboxId, documentId) = await Pages.PickProcessedInvoiceAsync(editor);
        await Pages.GotoInteractiveAsync(editor, $"/documents/{inboxId}");
        var label = "E2E label " + Guid.NewGuid().ToString("N")[..6];
        await editor.GetByTestId("field-accountingLabel").FillAsync(label);
        await editor.GetByTestId("field-includingTaxes").FillAsync("1234.56");
        await Assertions.Expect(editor.GetByTestId("doc-book")).ToHaveCountAsync(0); // an editor cannot book
        await editor.GetByTestId("doc-save").ClickAsync();
        await Assertions.Expect(editor.GetByText(new Regex("Saved \\d+ change"))).ToBeVisibleAsync();

        await editor.ReloadAsync();
        await Pages.WaitForCircuitAsync(editor);
        await Assertions.Expect(editor.GetByTestId("field-accountingLabel")).ToHaveValueAsync(label);
        await Assertions.Expect(editor.GetByTestId("field-includingTaxes")).ToHaveValueAsync("1234.56");
        var number = await editor.GetByTestId("field-documentNumber").InputValueAsync();

        // Another person books it (four-eyes is on in this run).
        var booker = await Pages.SignedInPageAsync(App, "booker");
        await Pages.GotoInteractiveAsync(booker, $"/documents/{inboxId}");
        var book = booker.GetByTestId("doc-book");
        await Assertions.Expect(book).ToBeEnabledAsync();
        await book.ClickAsync();
        // Where the money goes is in the confirmation, as the booker sees it.
        await Assertions.Expect(booker.GetByTestId("book-iban")).Not.ToHaveTextAsync("—");
        await Pages.SaveScreenshotAsync(booker, "book-dialog");
        // A total changed away from what an invoice's own Factur-X data says is booked only with a reason (issue 16).
        if (await booker.GetByTestId("book-anyway-reason").CountAsync() > 0)
        {
            await booker.GetByTestId("book-anyway-reason").FillAsync("Amount corrected with the supplier's agreement");
        }
        await booker.GetByTestId("confirm-book").ClickAsync();
        await booker.WaitForURLAsync(url => !url.Contains($"/documents/{inboxId}", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });

        await Pages.OpenInboxAsync(booker);
        await Assertions.Expect(booker.Locator($"[data-testid=inbox-row][data-inbox-id='{inboxId}']")).ToHaveCountAsync(0);
        await Pages.GotoInteractiveAsync(booker, $"/booked/{documentId}");
        await Assertions.Expect(booker.GetByTestId("booked-accounting-label")).ToHaveTextAsync(label);
        await Pages.GotoInteractiveAsync(booker, "/booked");
        await Assertions.Expect(booker.Locator($"[data-testid=booked-row][data-document-id='{documentId}']")).ToHaveCountAsync(1);

        // The controller asks: who booked this, and what did they change?
        var auditor = await Pages.SignedInPageAsync(App, "auditor");
        await Pages.GotoInteractiveAsync(auditor, $"/audit?number={Uri.EscapeDataString(number)}");
        var rows = auditor.Locator("[data-testid=audit-row]");
        await Assertions.Expect(rows.Locator("xpath=self::*[@data-action='Edit'][@data-outcome='Succeeded']")).ToContainTextAsync("Élodie Bernard");
        await Assertions.Expect(rows.Locator("xpath=self::*[@data-action='Book'][@data-outcome='Succeeded']")).ToContainTextAsync("Hugo Petit");
        await Assertions.Expect(rows.Locator("xpath=self::*[@data-action='Edit']")).ToContainTextAsync(label);

        var download = await auditor.RunAndWaitForDownloadAsync(() => auditor.GetByTestId("audit-export").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("Élodie Bernard", csv);
        Assert.Contains("Hugo Petit", csv);
        Assert.Contains(label, csv);
        Assert.Equal(3, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length); // header, edit, book

        foreach (var page in new[] { editor, booker, auditor }) await page.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task A_viewer_can_read_a_document_but_has_no_save_or_book_button()
    {
        var viewer = await Pages.SignedInPageAsync(App, "viewer");
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(viewer);
        await Pages.GotoInteractiveAsync(viewer, $"/documents/{inboxId}");
        await Assertions.Expect(viewer.GetByTestId("doc-form")).ToBeVisibleAsync();
        await Assertions.Expect(viewer.GetByTestId("doc-save")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.GetByTestId("doc-book")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.GetByTestId("field-accountingLabel")).ToHaveAttributeAsync("readonly", new Regex(".*"));

        await viewer.GotoAsync("/audit");
        await Assertions.Expect(viewer.GetByTestId("access-denied")).ToBeVisibleAsync();
        var export = await viewer.APIRequest.GetAsync("/audit/export.csv", new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.Equal(403, export.Status);
        await viewer.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task A_booker_who_made_the_last_edit_cannot_book_and_is_told_why()
    {
        var booker = await Pages.SignedInPageAsync(App, "booker");
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(booker, skip: 3);
        await Pages.GotoInteractiveAsync(booker, $"/documents/{inboxId}");
        await booker.GetByTestId("field-comment").FillAsync("Checked against the purchase order " + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture));
        await booker.GetByTestId("doc-save").ClickAsync();
        await Assertions.Expect(booker.GetByText(new Regex("Saved \\d+ change"))).ToBeVisibleAsync();

        await Assertions.Expect(booker.GetByTestId("doc-book")).ToBeDisabledAsync();
        await Assertions.Expect(booker.GetByTestId("book-blocker")).ToContainTextAsync("Four-eyes");
        await booker.Context.CloseAsync();
    }
}
