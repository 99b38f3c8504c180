using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.LuccaAccess;

namespace LuccaInbox.Web.Documents;

public enum BookStatus { Booked, Refused, AlreadyBooked, InProgress, Changed, Failed, Unknown }

public sealed record BookResult(BookStatus Status, string Message, BookedDocument? Booked = null, long? AuditEntryId = null,
    IReadOnlyList<FieldChange>? TheirChanges = null, Document? Current = null);

/// <summary>
/// Booking: check the user's role and the booking rules, then, in the document's turn, compare the version Lucca holds
/// with the one confirmed, write the audit intent, POST once (never re-sent), record the outcome, update the snapshot.
/// </summary>
public sealed class DocumentBooking(LuccaWrites writes, InboxDocumentIds ids, InboxService inbox, AuditLog audit, AuditReader auditReader,
    BookingRules rules, Duplicates.DuplicateService duplicates, InvoiceCheck.DocumentChecks checks, DocumentGates gates, DocumentVersions versions, BookingReconciler reconciler,
    SaveReadBack saveReadBack, BookingGuard guard, ILogger<DocumentBooking> logger)
{
    public Task<BookResult> BookAsync(AppUser user, InboxItem item, string? note = null, CancellationToken cancellationToken = default) =>
        BookAsAsync(AuditActions.Book, user, item, note, cancellationToken);

    /// <summary>One document of a bulk job: the same checks, single-flight guard and reconciliation, audited as BulkBook.</summary>
    public Task<BookResult> BulkBookAsync(AppUser user, InboxItem item, string note, CancellationToken cancellationToken = default) =>
        BookAsAsync(AuditActions.BulkBook, user, item, note, cancellationToken);

    private async Task<BookResult> BookAsAsync(string action, AppUser user, InboxItem confirmed, string? note, CancellationToken cancellationToken)
    {
        user.Demand(AppRoles.InboxBook, "book documents");
        var documentId = confirmed.Document?.Id ?? 0;
        if (await rules.FourEyesBlockerAsync(user, documentId, cancellationToken) is { } blocker) return new BookResult(BookStatus.Refused, blocker);

        // One booking per document at a time, on every instance: a double click, a second tab or a colleague gets told, not a second POST.
        await using var turn = await guard.TryBeginAsync(confirmed.Id, user.Name, cancellationToken);
        if (!turn.IsMine) return new BookResult(BookStatus.InProgress, $"{turn.HeldBy} is booking this document right now.");
        try
        {
            if (await reconciler.UnsettledAsync(confirmed, cancellationToken) is { } unsettled)
            {
                return new BookResult(BookStatus.Unknown, $"An earlier booking of this document by {unsettled.UserName} had no clear answer from Lucca and is still being checked; it cannot be booked again until Lucca says whether it was booked.");
            }
            if (!inbox.Current.ById.ContainsKey(confirmed.Id) && await auditReader.LastBookingAsync(documentId, cancellationToken) is { } done)
            {
                return new BookResult(BookStatus.AlreadyBooked, $"Already booked by {done.UserName} at {done.AtUtc:HH:mm} UTC on {done.AtUtc:d}.");
            }
            // Paid twice, or paid to a fraudster's account, are the costliest AP mistakes: a document with a concern is booked only
            // on its own, with a stated reason kept in the audit log (bulk booking leaves it out).
            var concerns = await ConcernsAsync(confirmed, cancellationToken);
            if (concerns.Count > 0)
            {
                if (action != AuditActions.Book || string.IsNullOrWhiteSpace(note))
                {
                    return new BookResult(BookStatus.Refused, $"Not booked: {string.Join("; ", concerns)}. Book it on its own, saying why.");
                }
                note = $"Booked although {string.Join("; ", concerns)}. Reason given: {note.Trim()}";
            }
            // Lucca books what it holds, so what it holds must be what the user confirmed: otherwise show it, do not book it.
            // No save of this document from this app is on its way meanwhile. From here on it is a write: the version
            // read, the POST and its settlement may take the whole budget (the duplicate check above may not).
            using var lane = WriteLane.Begin();
            using var _ = await gates.InOrderAsync(confirmed.Id, cancellationToken);
            var server = await versions.CompareAsync(confirmed, cancellationToken);
            if (server.Current is not null) await saveReadBack.SettlePendingAsync(documentId, server.Current, cancellationToken);
            if (server.Gone)
            {
                inbox.Remove(confirmed.Id);
                return new BookResult(BookStatus.AlreadyBooked, "Lucca no longer has this document in its inbox: it was booked or removed elsewhere.");
            }
            if (server.Current is { } current && rules.FourEyesBlocker(user, current) is { } lucca) return new BookResult(BookStatus.Refused, lucca);
            if (server.ChangesSinceSeen.Count == 0 && server.Current?.ModifiedAt is { } now && confirmed.Document?.ModifiedAt is { } seen && now != seen)
            {
                // Changed in Lucca in a way the form does not show (an attachment, say): the booker looks again first.
                return new BookResult(BookStatus.Changed, $"Not booked: the document was changed in Lucca at {now:u} by {server.Current.Modifier?.DisplayName ?? "someone"}, " +
                    "although none of the fields shown here differ (an attachment may have changed). Check the scan and book again.", Current: server.Current);
            }
            if (server.ChangesSinceSeen.Count > 0)
            {
                return new BookResult(BookStatus.Changed, "Not booked: the document changed in Lucca after you confirmed it (" +
                    string.Join(", ", server.ChangesSinceSeen.Select(c => $"{WritableFields.LabelOf(c.Path)}: {c.Before ?? "empty"} → {c.After ?? "empty"}")) + "). Check it and book again.",
                    TheirChanges: server.ChangesSinceSeen, Current: server.Current);
            }
            // Whatever any screen showed: what Lucca holds must be complete to be booked.
            if (Bookability.Blocker(confirmed with { Document = server.Current }) is { } incomplete) return new BookResult(BookStatus.Refused, "Not booked: " + incomplete);
            var entry = await audit.BeginAsync(user, DocumentIntents.For(action, confirmed, null, note), cancellationToken);
            return (await SendBookingAsync(entry, user, confirmed)) with { AuditEntryId = entry.Id };
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            return new BookResult(BookStatus.Failed, "Could not check the current version in Lucca, so nothing was booked: " + LuccaErrors.Describe(e));
        }
    }


    /// <summary>What booking this document must be justified for: one list for the Book dialog, the POST's gate and bulk.</summary>
    public async Task<IReadOnlyList<string>> ConcernsAsync(InboxItem item, CancellationToken cancellationToken = default)
    {
        await checks.ReadOriginalAsync(item.Document); // once per document: its fields are checked against the invoice itself
        var likelyDuplicates = await duplicates.ForAsync(item, cancellationToken);
        var concerns = new List<string>();
        if (likelyDuplicates.Count > 0)
        {
            concerns.Add("it is likely a duplicate of " + string.Join(", ", likelyDuplicates.Select(d => $"{(d.Other.IsBooked ? "booked" : "inbox")} {d.Other.Number ?? "document " + d.Other.DocumentId} ({d.Reason})")));
        }
        else if (!duplicates.BookedHistoryRead)
        {
            concerns.Add("Lucca's booked invoices could not be read, so duplicates are not ruled out");
        }
        concerns.AddRange(checks.Check(item.Document).Concerns);
        return concerns;
    }

    private async Task<BookResult> SendBookingAsync(AuditEntry entry, AppUser user, InboxItem item)
    {
        try
        {
            // Not cancellable: once sent, a booking must be seen through to its outcome.
            var known = await inbox.KnownIdsForWritesAsync(ids.Reading);
            var bookedDocument = await writes.BookAsync(item, known, CancellationToken.None);
            await audit.CompleteAsync(entry, AuditOutcomes.Succeeded, 200, cancellationToken: CancellationToken.None);
            inbox.Remove(item.Id, user.Name);
            if (bookedDocument is { Id: > 0 }) reconciler.RememberBooked(bookedDocument);
            return new BookResult(BookStatus.Booked, $"Booked {DocumentIntents.Describe(item)}.", bookedDocument is { Id: > 0 } ? bookedDocument : null);
        }
        catch (LuccaApiException e) when (e.IsNotFound)
        {
            var by = await auditReader.LastBookingAsync(item.Document?.Id ?? 0, CancellationToken.None);
            await audit.CompleteAsync(entry, AuditOutcomes.Failed, 404, LuccaErrors.Describe(e), CancellationToken.None);
            inbox.Remove(item.Id);
            return new BookResult(BookStatus.AlreadyBooked, by is null
                ? "Lucca no longer has this document in its inbox: it was booked or removed elsewhere."
                : $"Already booked by {by.UserName} at {by.AtUtc:HH:mm} UTC.");
        }
        catch (Exception e) when (LuccaErrors.IsUnclear(e))
        {
            // Timeout, dropped connection, 408 or 5xx: the booking may or may not have happened. Never re-sent blindly;
            // Lucca is asked and the audit log records what is true.
            logger.LogWarning(e, "Booking of inbox item {InboxId} had no clear answer; checking Lucca (audit #{EntryId})", item.Id, entry.Id);
            return await reconciler.SettleAsync(entry, item, e);
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            await audit.CompleteAsync(entry, AuditOutcomes.Failed, LuccaErrors.StatusOf(e), LuccaErrors.Describe(e), CancellationToken.None);
            return new BookResult(BookStatus.Failed, LuccaErrors.Describe(e));
        }
    }
}
