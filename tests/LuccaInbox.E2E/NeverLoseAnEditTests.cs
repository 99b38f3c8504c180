using System.Text.RegularExpressions;

namespace LuccaInbox.E2E;

[Collection(AppCollection.Name)]
public sealed class NeverLoseAnEditTests(AppUnderTest app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact(Timeout = Limit)]
    public async Task Unsaved_edits_come_back_after_a_reload_of_the_page()
    {
        var editor = await Pages.SignedInPageAsync(App, "editor");
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(editor, skip: 12);
        await Pages.GotoInteractiveAsync(editor, $"/documents/{inboxId}");
        await editor.GetByTestId("field-accountingLabel").FillAsync("Typed but not saved");
        await editor.GetByTestId("field-bic").ClickAsync(); // leave the field; the draft is kept on every change

        await editor.ReloadAsync();
        await Pages.WaitForCircuitAsync(editor);

        await Assertions.Expect(editor.GetByTestId("field-accountingLabel")).ToHaveValueAsync("Typed but not saved");
        await Assertions.Expect(editor.GetByTestId("doc-message")).ToContainTextAsync("Restored the unsaved edits");
        await editor.GetByTestId("doc-discard").ClickAsync();
        await editor.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task Two_people_editing_the_same_document_get_a_conflict_dialog_instead_of_a_silent_overwrite()
    {
        var first = await Pages.SignedInPageAsync(App, "editor");
        var second = await Pages.SignedInPageAsync(App, "admin");
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(first, skip: 16);
        await Pages.GotoInteractiveAsync(first, $"/documents/{inboxId}");
        await Pages.GotoInteractiveAsync(second, $"/documents/{inboxId}");

        // Both edit at once: the editor has unsaved edits when the admin saves.
        await first.GetByTestId("field-accountingLabel").FillAsync("Label from the editor");
        await second.GetByTestId("field-comment").FillAsync("Comment saved by the admin first");
        await second.GetByTestId("doc-save").ClickAsync();
        await Assertions.Expect(second.GetByText(new Regex("Saved \\d+ change"))).ToBeVisibleAsync();
        await Assertions.Expect(first.GetByTestId("doc-external-change")).ToContainTextAsync("Your edits are kept");

        await first.GetByTestId("doc-save").ClickAsync();
        var dialog = first.GetByTestId("conflict-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.Locator("[data-field=comment] td").First).ToHaveTextAsync("Comment"); // the form's label, not the JSON name
        await Assertions.Expect(dialog).ToContainTextAsync("Comment saved by the admin first");
        await first.GetByTestId("conflict-merge").ClickAsync();
        await Assertions.Expect(first.GetByText(new Regex("Saved \\d+ change"))).ToBeVisibleAsync();

        await first.ReloadAsync();
        await Pages.WaitForCircuitAsync(first);
        await Assertions.Expect(first.GetByTestId("field-accountingLabel")).ToHaveValueAsync("Label from the editor");
        await Assertions.Expect(first.GetByTestId("field-comment")).ToHaveValueAsync("Comment saved by the admin first");
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task When_both_changed_the_same_field_the_user_chooses_per_field_and_keeps_the_rest_of_their_edits()
    {
        var first = await Pages.SignedInPageAsync(App, "editor");
        var second = await Pages.SignedInPageAsync(App, "admin");
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(first, skip: 28);
        await Pages.GotoInteractiveAsync(first, $"/documents/{inboxId}");
        await Pages.GotoInteractiveAsync(second, $"/documents/{inboxId}");

        await first.GetByTestId("field-accountingLabel").FillAsync("Label by the editor");
        await first.GetByTestId("field-comment").FillAsync("Comment by the editor");
        await second.GetByTestId("field-accountingLabel").FillAsync("Label by the admin");
        await second.GetByTestId("doc-save").ClickAsync();
        await Assertions.Expect(second.GetByText(new Regex("Saved \\d+ change"))).ToBeVisibleAsync();

        await first.GetByTestId("doc-save").ClickAsync();
        await first.GetByTestId("conflict-keep-accountingLabel").SelectOptionAsync("theirs");
        await first.GetByTestId("conflict-merge").ClickAsync();
        await Assertions.Expect(first.GetByText(new Regex("Saved \\d+ change"))).ToBeVisibleAsync();

        await first.ReloadAsync();
        await Pages.WaitForCircuitAsync(first);
        await Assertions.Expect(first.GetByTestId("field-accountingLabel")).ToHaveValueAsync("Label by the admin");
        await Assertions.Expect(first.GetByTestId("field-comment")).ToHaveValueAsync("Comment by the editor");
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }
}

[Collection(AppCollection.Name)]
public sealed class BookOnceTests(AppUnderTest app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact(Timeout = Limit)]
    public async Task Double_clicking_book_and_confirm_books_once()
    {
        var booker = await Pages.SignedInPageAsync(App, "booker");
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(booker, skip: 24);
        await Pages.GotoInteractiveAsync(booker, $"/documents/{inboxId}");
        var number = await booker.GetByTestId("field-documentNumber").InputValueAsync();

        await booker.GetByTestId("doc-book").DblClickAsync();
        await booker.GetByTestId("confirm-book").DblClickAsync();
        await booker.WaitForURLAsync(url => !url.Contains($"/documents/{inboxId}", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });

        var auditor = await Pages.SignedInPageAsync(App, "auditor");
        await Pages.GotoInteractiveAsync(auditor, $"/audit?number={Uri.EscapeDataString(number)}&action=Book");
        await Assertions.Expect(auditor.Locator("[data-testid=audit-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(auditor.Locator("[data-testid=audit-row]")).ToHaveAttributeAsync("data-outcome", "Succeeded");
        await booker.Context.CloseAsync();
        await auditor.Context.CloseAsync();
    }
}
