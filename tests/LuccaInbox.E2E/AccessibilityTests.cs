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
        await Pages.SaveScreenshotAsync(page, "sign-in");
        // The cards line up (issue 15): one left edge and one width for all, and their texts start at the same place.
        var edges = await page.Locator(".dev-user, .dev-user-name").EvaluateAllAsync<string[]>(
            "els => els.map(e => { const r = e.getBoundingClientRect(); return e.className + ':' + Math.round(r.left) + (e.className === 'dev-user' ? '/' + Math.round(r.width) : ''); })");
        Assert.Equal(2, edges.Distinct().Count());
        await Accessibility.AssertNoProblemsAsync(page, "the sign-in page", Output);
        await context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task The_inbox_passes_axe()
    {
        var page = await Pages.SignedInPageAsync(App, "admin");
        await Pages.OpenInboxAsync(page);
        await Accessibility.AssertNoProblemsAsync(page, "the inbox", Output);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task In_the_inbox_keyboard_focus_is_visible_and_each_row_is_named_after_its_document()
    {
        var page = await Pages.SignedInPageAsync(App, "admin");
        await Pages.OpenInboxAsync(page, "?sort=due&dir=asc");
        var row = page.GetByTestId("inbox-row").First;
        var number = (await row.Locator("a.row-link").TextContentAsync())!.Trim();
        await Assertions.Expect(row.GetByRole(AriaRole.Checkbox)).ToHaveAccessibleNameAsync($"Select {number} for booking");
        await Assertions.Expect(row.Locator("img.thumb")).ToHaveAttributeAsync("alt", $"First page of {number}");
        // Sorted by due date, oldest first: the first row is overdue, which is said in words, not by the red alone.
        await Assertions.Expect(row.Locator("td.overdue")).ToContainTextAsync("Overdue");

        // Reached by Tab (a keyboard focus), each shows a ring: a due bucket, a sort header, a row's link (its row).
        var missing = new List<string>();
        foreach (var (what, target, ring) in new[]
        {
            ("the overdue bucket", page.GetByTestId("due-overdue"), page.GetByTestId("due-overdue")),
            ("the Number sort header", page.GetByTestId("sort-number"), page.GetByTestId("sort-number")),
            ("a row's link", row.Locator("a.row-link"), row.Locator("td").Last),
        })
        {
            if (!await Accessibility.ShowsFocusAsync(target, ring)) missing.Add(what);
        }
        if (missing.Count > 0) await Pages.SaveFailureScreenshotAsync(page, "axe-focus");
        Assert.True(missing.Count == 0, "No visible keyboard focus on " + string.Join(", ", missing));
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task A_document_and_its_Book_dialog_pass_axe()
    {
        var page = await Pages.SignedInPageAsync(App, "booker");
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(page, skip: 30);
        await Pages.GotoInteractiveAsync(page, $"/documents/{inboxId}");
        await page.GetByTestId("doc-preview-image").WaitForAsync();
        var failures = new List<string?>();
        failures.Add(await Accessibility.ProblemsAsync(page, "a document", Output));
        // The scan scrolls by keyboard: its scroll container is a named tab stop, with a visible focus ring.
        var stage = page.GetByTestId("viewer-stage");
        await Assertions.Expect(stage).ToHaveAttributeAsync("tabindex", "0");
        await Assertions.Expect(stage).ToHaveAccessibleNameAsync(new Regex("Scanned page 1"));
        Assert.True(await Accessibility.ShowsFocusAsync(stage, stage), "No visible keyboard focus on the scan viewer");

        var book = page.GetByTestId("doc-book");
        await Assertions.Expect(book).ToBeEnabledAsync();
        await book.ClickAsync();
        await Assertions.Expect(page.GetByTestId("book-dialog")).ToBeVisibleAsync();
        failures.Add(await Accessibility.ProblemsAsync(page, "the Book dialog", Output));
        await page.GetByTestId("cancel-book").ClickAsync();
        Accessibility.AssertNone(failures);
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
        await Accessibility.AssertNoProblemsAsync(first, "the conflict dialog", Output);
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
        foreach (var id in (await SeededTruth.CleanRowIdsAsync(App, candidates)).Take(2))
        {
            await page.Locator($"[data-testid=inbox-row][data-inbox-id='{id}']").GetByTestId("bulk-select").CheckAsync();
        }
        await Assertions.Expect(page.GetByTestId("bulk-book")).ToHaveAttributeAsync("data-count", "2");
        var failures = new List<string?>();

        await page.GetByTestId("bulk-book").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-book-dialog")).ToBeVisibleAsync();
        failures.Add(await Accessibility.ProblemsAsync(page, "the Book selected dialog", Output));

        await page.GetByTestId("confirm-bulk-book").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-progress")).ToHaveAttributeAsync("data-status", "Completed", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        failures.Add(await Accessibility.ProblemsAsync(page, "the bulk booking progress", Output));
        Accessibility.AssertNone(failures);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task The_booked_invoices_and_a_booked_invoice_pass_axe()
    {
        var page = await Pages.SignedInPageAsync(App, "admin");
        await Pages.GotoInteractiveAsync(page, "/booked");
        var row = page.GetByTestId("booked-row").First;
        await row.WaitForAsync();
        var failures = new List<string?>();
        failures.Add(await Accessibility.ProblemsAsync(page, "the booked invoices", Output));

        var documentId = await row.GetAttributeAsync("data-document-id");
        await Pages.GotoInteractiveAsync(page, $"/booked/{documentId}");
        await page.GetByTestId("booked-facts").WaitForAsync();
        failures.Add(await Accessibility.ProblemsAsync(page, "a booked invoice", Output));
        Accessibility.AssertNone(failures);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task The_audit_log_passes_axe()
    {
        var page = await Pages.SignedInPageAsync(App, "admin");
        await Pages.GotoInteractiveAsync(page, "/audit");
        await page.GetByTestId("audit-grid").WaitForAsync();
        await Accessibility.AssertNoProblemsAsync(page, "the audit log", Output);
        await page.Context.CloseAsync();
    }
}
