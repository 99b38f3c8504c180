using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Duplicates;
using LuccaInbox.Web.LuccaAccess;
using LuccaInbox.Web.Hosting;
using MudBlazor;

namespace LuccaInbox.Web.Documents;

/// <summary>The end of the book flow: the booking's result when one was tried, and what to tell the person.</summary>
public sealed record BookOutcome(BookResult? Result, PageMessage? Message)
{
    public bool Booked => Result?.Status == BookStatus.Booked;
}

/// <summary>
/// The document page's booking: check the version Lucca holds against the one shown (and show it if it moved), ask for
/// confirmation with what matters (bank details, duplicates), book it.
/// </summary>
public sealed class BookFlow(DocumentBooking booking, DocumentVersions versions, DuplicateService duplicates, UserActionLimiter share,
    InvoiceCheck.DocumentChecks checks, CallerCancellation caller, IDialogService dialogs, ISnackbar snackbar,
    Microsoft.AspNetCore.Components.NavigationManager navigation)
{
    /// <param name="busy">Called when the booking itself starts, so the page can say "Booking…".</param>
    public async Task<BookOutcome> RunAsync(AppUser user, DocumentEditor editor, IReadOnlyList<DuplicateMatch> likelyDuplicates, Action busy)
    {
        // Alt+B reaches here whatever the buttons showed: no Lucca request for someone who cannot book.
        if (editor.Item is not { Document: not null } item || !user.Can(AppRoles.InboxBook) || editor.BookBlocker is not null) return new BookOutcome(null, null);
        ServerVersion server;
        try
        {
            share.Spend(user);
            server = await versions.CompareAsync(item, caller.Token);
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            return Say("Could not read the current version from Lucca, so nothing was booked: " + LuccaErrors.Describe(e), Severity.Error);
        }
        if (server.Gone) return Say("This document is no longer in Lucca's inbox: it was booked or removed elsewhere.", Severity.Info);
        // What is booked is the version Lucca holds: the dialog confirms that one, also when only its modifiedAt moved.
        if (server.Moved)
        {
            editor.Load(item with { Document = server.Current });
            if (editor.BookBlocker is { } blocker) return Say("The document changed in Lucca and its current version cannot be booked yet: " + blocker, Severity.Warning);
        }
        var concerns = await booking.ConcernsAsync(editor.Item, caller.Token);
        var dialog = await dialogs.ShowAsync<BookDialog>("Book", new DialogParameters<BookDialog>
        {
            { d => d.Item, editor.Item },
            { d => d.ServerChanges, server.ChangesSinceSeen },
            { d => d.Duplicates, likelyDuplicates },
            { d => d.BookedHistoryUnknown, !duplicates.BookedHistoryRead },
            { d => d.Check, checks.Check(editor.Item.Document) },
            { d => d.Concerns, concerns },
        });
        var confirmed = await dialog.Result;
        if (confirmed is null || confirmed.Canceled || editor.Booking) return new BookOutcome(null, null);

        editor.Booking = true;
        busy();
        try
        {
            var result = await booking.BookAsync(user, editor.Item!, confirmed.Data as string);
            if (result is { Status: BookStatus.Changed, Current: { } current }) editor.Load(editor.Item! with { Document = current });
            return new BookOutcome(result, result.Status switch
            {
                BookStatus.Booked => null,
                BookStatus.Changed => new PageMessage(result.Message, Severity.Warning),
                BookStatus.AlreadyBooked or BookStatus.InProgress => new PageMessage(result.Message, Severity.Info),
                _ => new PageMessage(result.Message, Severity.Error),
            });
        }
        catch (Exception e) when (e is AuditUnavailableException or ForbiddenActionException)
        {
            return Say(e.Message, Severity.Error);
        }
        finally
        {
            editor.Booking = false;
        }
    }

    /// <summary>One passing message, the newest, with a way to open what was booked.</summary>
    public void Announce(BookResult booked)
    {
        var link = booked.Booked is { } document ? $"/booked/{document.Id}" : "/booked";
        snackbar.Clear();
        snackbar.Add($"{booked.Message} It is in the booked invoices.", Severity.Success, options =>
        {
            options.Action = "Open";
            options.OnClick = _ => { navigation.NavigateTo(link); return Task.CompletedTask; };
        });
    }

    private static BookOutcome Say(string text, Severity severity) => new(null, new PageMessage(text, severity));
}
