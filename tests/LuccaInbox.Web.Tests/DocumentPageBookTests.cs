using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Web.Tests;

/// <summary>When the Book button may be pressed, and who sees the Save and Book buttons at all.</summary>
public sealed class DocumentPageBookTests : DocumentPageContext
{
    [Fact]
    public void Book_is_enabled_for_a_complete_processed_document_with_no_unsaved_edits()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));

        var cut = OpenDocument();

        Assert.False(IsDisabled(BookButton(cut)));
        Assert.Equal("", BookBlocker(cut));
    }

    [Fact]
    public void Before_the_page_is_live_its_actions_show_as_disabled_and_previous_next_are_links()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        Lucca.Inbox.Add(InboxItems.Invoice(2));
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false)); // prerendered: the circuit is not connected yet

        var cut = OpenDocument(2);

        Assert.True(IsDisabled(BookButton(cut)), "a prerendered Book button does nothing when clicked");
        Assert.True(IsDisabled(cut.Find("[data-testid=doc-save]")));
        Assert.True(IsDisabled(cut.Find("[data-testid=shortcuts-help]")));
        // Moving through the list works before the circuit is up: a real link, followed by the browser.
        cut.WaitForAssertion(() => Assert.Equal("A", cut.Find("[data-testid=doc-next]").TagName));
        Assert.EndsWith("/documents/1", cut.Find("[data-testid=doc-next]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OcrStatuses.Pending, "pending")]
    [InlineData(OcrStatuses.Processing, "processing")]
    public void Book_is_disabled_while_the_ocr_has_not_read_the_document(string ocrStatus, string said)
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1, ocrStatus));

        var cut = OpenDocument();

        Assert.True(IsDisabled(BookButton(cut)));
        Assert.StartsWith($"The OCR is still {said}", BookBlocker(cut));
    }

    [Fact]
    public async Task Book_is_disabled_while_a_field_is_invalid()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        var cut = OpenDocument();

        await TypeAsync(cut, "field-iban", "FR7630006000011234567890188");

        Assert.True(IsDisabled(BookButton(cut)));
        Assert.Equal("Fix the fields marked in red first.", BookBlocker(cut));
    }

    [Fact]
    public async Task Book_is_disabled_until_edits_are_saved()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        var cut = OpenDocument();

        await TypeAsync(cut, "field-accountingLabel", "Printer toner");

        Assert.True(IsDisabled(BookButton(cut)));
        Assert.Equal("Save your edits before booking.", BookBlocker(cut));
    }

    [Fact]
    public void Book_is_disabled_while_a_field_required_to_book_is_empty()
    {
        Lucca.Inbox.Add(InboxItems.WithoutNumber(1));

        var cut = OpenDocument();

        Assert.True(IsDisabled(BookButton(cut)));
        Assert.Equal("Fill in the fields required to book: document number.", BookBlocker(cut));
    }

    [Fact]
    public async Task Four_eyes_rule_keeps_the_last_editor_from_booking()
    {
        Settings["Booking:FourEyes"] = "true";
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        await RecordSucceededEditAsync(User(AppRoles.InboxRead, AppRoles.InboxEdit, AppRoles.InboxBook), inboxId: 1);

        var cut = OpenDocument();

        // The rule is read from the audit log after the document: wait for it rather than race it.
        cut.WaitForAssertion(() =>
        {
            Assert.StartsWith("Four-eyes rule: you made the last change to this document", BookBlocker(cut));
            Assert.True(IsDisabled(BookButton(cut)));
        });
    }

    // "Book is enabled" right after the form appears would pass before the rule has even been read (the page reads it
    // from the audit log after the document). These book through the dialog instead: a rule that wrongly blocks either
    // disables the button once read (no dialog) or refuses the booking on the server (nothing booked).
    [Fact]
    public async Task Four_eyes_rule_lets_a_booker_book_what_a_colleague_edited()
    {
        Settings["Booking:FourEyes"] = "true";
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        var colleague = new AppUser("another-object-id", "Colleague", null, new HashSet<string> { AppRoles.InboxEdit }, false);
        await RecordSucceededEditAsync(colleague, inboxId: 1);
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = OpenDocument();

        await BookThroughTheDialogAsync(cut, dialogs);

        cut.WaitForAssertion(() => Assert.Equal([1], Lucca.Booked));
    }

    [Fact]
    public async Task Without_four_eyes_the_last_editor_may_book()
    {
        Settings["Booking:FourEyes"] = "false";
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        await RecordSucceededEditAsync(User(AppRoles.InboxEdit), inboxId: 1);
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = OpenDocument();

        await BookThroughTheDialogAsync(cut, dialogs);

        cut.WaitForAssertion(() => Assert.Equal([1], Lucca.Booked));
    }

    private static async Task BookThroughTheDialogAsync(IRenderedComponent<DocumentPage> cut, IRenderedComponent<MudBlazor.MudDialogProvider> dialogs)
    {
        cut.WaitForAssertion(() => Assert.False(IsDisabled(BookButton(cut))));
        var click = BookButton(cut).ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()); // ends when the dialog does
        dialogs.WaitForElement("[data-testid=confirm-book]");
        await dialogs.Find("[data-testid=confirm-book]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        await click;
    }

    [Fact]
    public void Editor_without_the_book_role_sees_save_but_no_book_button()
    {
        SignInWith(AppRoles.InboxRead, AppRoles.InboxEdit);
        Lucca.Inbox.Add(InboxItems.Invoice(1));

        var cut = OpenDocument();

        Assert.Empty(cut.FindAll("[data-testid=doc-book]"));
        Assert.Single(cut.FindAll("[data-testid=doc-save]"));
    }

    [Fact]
    public void Viewer_sees_neither_save_nor_book_and_cannot_type()
    {
        SignInWith(AppRoles.InboxRead);
        Lucca.Inbox.Add(InboxItems.Invoice(1));

        var cut = OpenDocument();

        Assert.Empty(cut.FindAll("[data-testid=doc-book]"));
        Assert.Empty(cut.FindAll("[data-testid=doc-save]"));
        Assert.True(Field(cut, "field-accountingLabel").HasAttribute("readonly"));
        Assert.True(Field(cut, "field-type").HasAttribute("disabled"));
    }

    private async Task RecordSucceededEditAsync(AppUser editor, int inboxId)
    {
        var log = Services.GetRequiredService<AuditLog>();
        var entry = await log.BeginAsync(editor, new AuditIntent(AuditActions.Edit, inboxId, InboxItems.DocumentIdOf(inboxId),
            $"INV-{inboxId:0000}", "Bureau Vallée", 120m, "EUR", DiffJson: "[]"));
        await log.CompleteAsync(entry, AuditOutcomes.Succeeded, 200);
    }

    [Fact]
    public async Task The_book_dialog_shows_where_the_money_goes()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = OpenDocument();

        var click = BookButton(cut).ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        dialogs.WaitForElement("[data-testid=confirm-book]");
        Assert.Equal("FR76 3000 6000 0112 3456 7890 189", dialogs.Find("[data-testid=book-iban]").TextContent.Trim());
        Assert.Equal("BDFEFRPP", dialogs.Find("[data-testid=book-bic]").TextContent.Trim());
        Assert.Equal("Bank transfer", dialogs.Find("[data-testid=book-payment-method]").TextContent.Trim());
        await dialogs.Find("[data-testid=cancel-book]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        await click;
        Assert.Empty(Lucca.Booked);
    }
}

/// <summary>Security review item 1: a viewer's Alt+B costs no Lucca request.</summary>
public sealed class DocumentPageBudgetTests : DocumentPageContext
{
    [Fact]
    public async Task Alt_B_by_a_viewer_reads_nothing_from_Lucca()
    {
        SignInWith(AppRoles.InboxRead);
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        var cut = OpenDocument();

        for (var i = 0; i < 5; i++) await cut.InvokeAsync(() => cut.Instance.OnShortcut("book"));

        Assert.Equal(0, Lucca.DocumentReads);
    }
}
