using System.Text.RegularExpressions;

namespace LuccaInbox.E2E;

/// <summary>
/// WCAG 2.1 A and AA (axe-core) on every page and dialog: sign-in, inbox, document, Book dialog, conflict dialog, bulk
/// booking (confirmation and progress), booked invoices, a booked invoice, audit log. Any violation fails, with what to
/// fix (see <see cref="Accessibility"/>). Pages are checked once live (after the circuit connected).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccessibilityTests(AppUnderTest app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact(Timeout = Limit)]
    public async Task The_sign_in_page_passes_axe()
    {
        var context = await App.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/dev-signin");
        await page.GetByTestId("dev-user-admin").WaitForAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the sign-in page", Output);
        await context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task The_inbox_passes_axe()
    {
        var page = await Pages.SignedInPageAsync(App, "admin");
        await Pages.OpenInboxAsync(page);
        await Accessibility.AssertNoViolationsAsync(page, "the inbox", Output);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task A_document_and_its_Book_dialog_pass_axe()
    {
        var page = await Pages.SignedInPageAsync(App, "booker");
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(page, skip: 30);
        await Pages.GotoInteractiveAsync(page, $"/documents/{inboxId}");
        await page.GetByTestId("doc-preview-image").WaitForAsync();
        var failures = new List<string>();
        var onPage = await Accessibility.ViolationsAsync(page, "a document", Output);
        if (onPage.Length > 0) failures.Add("a document:\n" + Accessibility.Describe(onPage));

        var book = page.GetByTestId("doc-book");
        await Assertions.Expect(book).ToBeEnabledAsync();
        await book.ClickAsync();
        await Assertions.Expect(page.GetByTestId("book-dialog")).ToBeVisibleAsync();
        var inDialog = await Accessibility.ViolationsAsync(page, "the Book dialog", Output);
        if (inDialog.Length > 0) failures.Add("the Book dialog:\n" + Accessibility.Describe(inDialog));
        await page.GetByTestId("cancel-book").ClickAsync();

        if (failures.Count > 0) await Pages.SaveFailureScreenshotAsync(page, "axe-document");
        Assert.True(failures.Count == 0, "axe found WCAG 2.1 A/AA violations on " + string.Join("\n", failures));
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task The_conflict_dialog_passes_axe()
    {
        var first = await Pages.SignedInPageAsync(App, "editor");
        var second = await Pages.SignedInPageAsync(App, "admin");
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(first, skip: 36);
        await Pages.GotoInteractiveAsync(first, $"/documents/{inboxId}");
        await Pages.GotoInteractiveAsync(second, $"/documents/{inboxId}");
        await first.GetByTestId("field-accountingLabel").FillAsync("Label from the editor (a11y)");
        await second.GetByTestId("field-accountingLabel").FillAsync("Label from the admin (a11y)");
        await second.GetByTestId("doc-save").ClickAsync();
        await Assertions.Expect(second.GetByText(new Regex("Saved \\d+ change"))).ToBeVisibleAsync();
        await Assertions.Expect(first.GetByTestId("doc-external-change")).ToBeVisibleAsync();

        await first.GetByTestId("doc-save").ClickAsync();
        await Assertions.Expect(first.GetByTestId("conflict-dialog")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(first, "the conflict dialog", Output);
        await first.GetByTestId("conflict-take-theirs").ClickAsync();
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task Bulk_booking_its_confirmation_and_progress_pass_axe()
    {
        var page = await Pages.SignedInPageAsync(App, "booker");
        await Pages.OpenInboxAsync(page, "?ocr=NotApplicable&type=Invoice&sort=amount&dir=asc");
        var candidates = page.Locator("[data-testid=inbox-row]:has([data-testid=bulk-select]):not(:has([data-testid=duplicate-chip]))");
        for (var i = 0; i < 2; i++) await candidates.Nth(i).GetByTestId("bulk-select").CheckAsync();
        await Assertions.Expect(page.GetByTestId("bulk-book")).ToHaveAttributeAsync("data-count", "2");
        var failures = new List<string>();

        await page.GetByTestId("bulk-book").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-book-dialog")).ToBeVisibleAsync();
        var inDialog = await Accessibility.ViolationsAsync(page, "the Book selected dialog", Output);
        if (inDialog.Length > 0) failures.Add("the Book selected dialog:\n" + Accessibility.Describe(inDialog));

        await page.GetByTestId("confirm-bulk-book").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-progress")).ToHaveAttributeAsync("data-status", "Completed", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        var progress = await Accessibility.ViolationsAsync(page, "the bulk booking progress", Output);
        if (progress.Length > 0) failures.Add("the bulk booking progress:\n" + Accessibility.Describe(progress));

        if (failures.Count > 0) await Pages.SaveFailureScreenshotAsync(page, "axe-bulk");
        Assert.True(failures.Count == 0, "axe found WCAG 2.1 A/AA violations on " + string.Join("\n", failures));
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task The_booked_invoices_and_a_booked_invoice_pass_axe()
    {
        var page = await Pages.SignedInPageAsync(App, "admin");
        await Pages.GotoInteractiveAsync(page, "/booked");
        var row = page.GetByTestId("booked-row").First;
        await row.WaitForAsync();
        var failures = new List<string>();
        var list = await Accessibility.ViolationsAsync(page, "the booked invoices", Output);
        if (list.Length > 0) failures.Add("the booked invoices:\n" + Accessibility.Describe(list));

        var documentId = await row.GetAttributeAsync("data-document-id");
        await Pages.GotoInteractiveAsync(page, $"/booked/{documentId}");
        await page.GetByTestId("booked-facts").WaitForAsync();
        var detail = await Accessibility.ViolationsAsync(page, "a booked invoice", Output);
        if (detail.Length > 0) failures.Add("a booked invoice:\n" + Accessibility.Describe(detail));

        if (failures.Count > 0) await Pages.SaveFailureScreenshotAsync(page, "axe-booked");
        Assert.True(failures.Count == 0, "axe found WCAG 2.1 A/AA violations on " + string.Join("\n", failures));
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task The_audit_log_passes_axe()
    {
        var page = await Pages.SignedInPageAsync(App, "admin");
        await Pages.GotoInteractiveAsync(page, "/audit");
        await page.GetByTestId("audit-grid").WaitForAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the audit log", Output);
        await page.Context.CloseAsync();
    }
}
