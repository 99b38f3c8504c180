using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Duplicates;
using LuccaInbox.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace LuccaInbox.Web.Tests;

/// <summary>The confirmation before a booking: what the booker is shown, and what confirming or cancelling answers.</summary>
public sealed class BookDialogTests : WebTestContext
{
    private Task<ShownDialog> ShowAsync(IReadOnlyList<FieldChange>? serverChanges = null, IReadOnlyList<DuplicateMatch>? duplicates = null,
        bool bookedHistoryUnknown = false) =>
        this.ShowDialogAsync(new DialogParameters<BookDialog>
        {
            { d => d.Item, InboxItems.Invoice(7) },
            { d => d.ServerChanges, serverChanges ?? [] },
            { d => d.Duplicates, duplicates ?? [] },
            { d => d.BookedHistoryUnknown, bookedHistoryUnknown },
            // As DocumentBooking.ConcernsAsync lists them for these cases.
            { d => d.Concerns, duplicates is { Count: > 0 } ? ["it is likely a duplicate"] : bookedHistoryUnknown ? ["duplicates are not ruled out"] : [] },
        });

    private static DuplicateMatch BookedTwin() => new(
        new DuplicateCandidate(true, 90001, 90001, "Invoice", 40, "Bureau Vallée", "INV-0007", 120m, "EUR", null, new HashSet<string>()),
        "same supplier, number and amount");

    [Fact]
    public async Task It_shows_what_is_booked_and_where_the_money_goes()
    {
        var dialog = await ShowAsync();

        Assert.Contains("Book this invoice?", dialog.Text);
        Assert.Contains("INV-0007", dialog.Text);
        Assert.Contains("Bureau Vallée", dialog.Text);
        Assert.Contains("Alice Martin", dialog.Text);
        Assert.Equal("FR76 3000 6000 0112 3456 7890 189", dialog.TextOf("book-iban"));
        Assert.Equal("BDFEFRPP", dialog.TextOf("book-bic"));
        Assert.Equal("Bank transfer", dialog.TextOf("book-payment-method"));
        Assert.Equal("Book", dialog.TextOf("confirm-book"));
        Assert.Empty(dialog.FindAll("book-server-changes"));
        Assert.Empty(dialog.FindAll("book-anyway-reason"));
    }

    [Fact]
    public async Task Confirming_books_with_no_reason_to_record()
    {
        var dialog = await ShowAsync();

        await dialog.ClickAsync("confirm-book");

        var result = await dialog.ResultAsync();
        Assert.False(result.Canceled);
        Assert.Null(result.Data);
    }

    [Fact]
    public async Task Cancelling_books_nothing()
    {
        var dialog = await ShowAsync();

        await dialog.ClickAsync("cancel-book");

        Assert.True((await dialog.ResultAsync()).Canceled);
    }

    [Fact]
    public async Task A_change_made_in_lucca_since_the_document_was_opened_is_shown_before_booking_the_current_version()
    {
        var dialog = await ShowAsync(serverChanges: [new FieldChange("documentNumber", "INV-0007", "INV-0007-B")]);

        Assert.Contains("changed in Lucca since you opened it", dialog.TextOf("book-server-changes"));
        Assert.Contains("documentNumber: INV-0007 → INV-0007-B", dialog.TextOf("book-server-changes"));
        Assert.Equal("Book the current version", dialog.TextOf("confirm-book"));
    }

    [Fact]
    public async Task A_likely_duplicate_is_booked_only_with_a_reason_which_the_dialog_returns()
    {
        var dialog = await ShowAsync(duplicates: [BookedTwin()]);

        Assert.Contains("This looks like a duplicate of booked INV-0007 (same supplier, number and amount)", dialog.Text);
        Assert.Equal("Book anyway", dialog.TextOf("confirm-book"));
        Assert.True(dialog.IsDisabled("confirm-book"));

        await dialog.Find("book-anyway-reason").InputAsync(new ChangeEventArgs { Value = "  Second delivery, agreed with the supplier  " });
        dialog.Provider.WaitForAssertion(() => Assert.False(dialog.IsDisabled("confirm-book")));
        await dialog.ClickAsync("confirm-book");

        Assert.Equal("Second delivery, agreed with the supplier", (await dialog.ResultAsync()).Data);
    }

    [Fact]
    public async Task Enter_in_the_reason_field_books_once_a_reason_is_typed_and_the_focus_starts_there()
    {
        var dialog = await ShowAsync(duplicates: [BookedTwin()]);
        Assert.True(dialog.Find("book-anyway-reason").HasAttribute("data-dialog-focus"));
        Assert.False(dialog.Find("confirm-book").HasAttribute("data-dialog-focus"));

        await dialog.Find("book-anyway-reason").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        Assert.True(dialog.IsOpen); // no reason yet: Enter does nothing

        await dialog.Find("book-anyway-reason").InputAsync(new ChangeEventArgs { Value = "Second delivery" });
        await dialog.Find("book-anyway-reason").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal("Second delivery", (await dialog.ResultAsync()).Data);
    }

    [Fact]
    public async Task Without_a_reason_to_ask_the_focus_starts_on_Book()
    {
        var dialog = await ShowAsync();

        Assert.True(dialog.Find("confirm-book").HasAttribute("data-dialog-focus"));
    }

    [Fact]
    public async Task While_booked_history_is_unknown_a_booking_needs_a_reason()
    {
        var dialog = await ShowAsync(bookedHistoryUnknown: true);

        Assert.Contains("could not be read yet", dialog.TextOf("book-history-unknown"));
        Assert.True(dialog.IsDisabled("confirm-book"));

        await dialog.Find("book-anyway-reason").InputAsync(new ChangeEventArgs { Value = "   " });
        Assert.True(dialog.IsDisabled("confirm-book")); // blank is no reason
        await dialog.Find("book-anyway-reason").InputAsync(new ChangeEventArgs { Value = "Month-end close" });
        dialog.Provider.WaitForAssertion(() => Assert.False(dialog.IsDisabled("confirm-book")));
        await dialog.ClickAsync("confirm-book");

        Assert.Equal("Month-end close", (await dialog.ResultAsync()).Data);
    }
}
