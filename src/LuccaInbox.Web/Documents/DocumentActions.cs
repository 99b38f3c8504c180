using System.Collections.Concurrent;
using System.Globalization;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Booked;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Lucca;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Web.Documents;

public enum SaveStatus { Saved, NothingToSave, Conflict, Refused, Failed }

public sealed record SaveResult(SaveStatus Status, string Message, InboxItem? Saved = null,
    IReadOnlyList<FieldChange>? Changes = null, IReadOnlyList<FieldChange>? TheirChanges = null,
    Document? ServerDocument = null, IReadOnlyDictionary<string, string[]>? FieldErrors = null);

public enum BookStatus { Booked, Refused, AlreadyBooked, InProgress, Failed, Unknown }

public sealed record BookResult(BookStatus Status, string Message, BookedDocument? Booked = null, long? AuditEntryId = null);

/// <summary>
/// Saving and booking, each as: check the user's role (here, whatever the UI showed), write the audit intent,
/// call Lucca, record the outcome, update the shared inbox snapshot. No Lucca write happens without its audit entry.
/// </summary>
public sealed class DocumentActions(ILuccaInvoicesApi api, IOptionsMonitor<LuccaOptions> luccaOptions, InboxService inbox, BookedService booked,
    AuditLog audit, AuditReader auditReader, BookingRules rules, Duplicates.DuplicateService duplicates, DocumentVersions versions,
    ILogger<DocumentActions> logger)
{
    // Per instance, and the instance is a singleton: one guard per app, and two apps (or test hosts) in one process stay apart.
    private readonly ConcurrentDictionary<int, string> _bookingsInFlight = new();

    /// <param name="original">The item as the user first saw it: the version their edits apply to.</param>
    /// <param name="overwriteServerChanges">The user saw the conflict and chose to keep their version.</param>
    public async Task<SaveResult> SaveAsync(AppUser user, InboxItem original, Document edited, bool overwriteServerChanges = false,
        CancellationToken cancellationToken = default)
    {
        user.Demand(AppRoles.InboxEdit, "save documents");
        var updated = original with { Document = edited };
        var changes = DocumentDiff.Between(original, updated);
        if (changes.Count == 0) return new SaveResult(SaveStatus.NothingToSave, "Nothing changed.", original, changes);

        // A PUT replaces the whole document: read the current version first so a colleague's change is never
        // silently overwritten, and send its ETag so nothing can slip in between (API-FACTS addendum).
        string? etag;
        try
        {
            var server = await versions.CompareAsync(original, cancellationToken);
            if (server.Gone)
            {
                inbox.Remove(original.Id);
                return new SaveResult(SaveStatus.Failed, "This document is no longer in Lucca's inbox (it was booked or removed). Your edits are still on screen.");
            }
            etag = server.ETag;
            var theirs = server.ChangesSinceSeen;
            if (server.Current is { } serverDocument)
            {
                if (theirs.Count > 0 && !overwriteServerChanges)
                {
                    // Recorded too: "who tried to change what, and why was it not sent?" is part of the history.
                    var conflict = await audit.BeginAsync(user, IntentFor(AuditActions.Edit, updated, DocumentDiff.ToJson(changes),
                        "Not sent: the document changed in Lucca meanwhile (" + string.Join(", ", theirs.Select(c => c.Path)) + ")"), cancellationToken);
                    await audit.CompleteAsync(conflict, AuditOutcomes.Failed, null, "Conflict with a newer version in Lucca", CancellationToken.None);
                    return new SaveResult(SaveStatus.Conflict, "Someone changed this document in Lucca since you opened it.",
                        Changes: changes, TheirChanges: theirs, ServerDocument: serverDocument);
                }
                if (theirs.Count > 0)
                {
                    // Keep theirs where the user did not touch a field: apply the user's edits to the server version.
                    updated = original with { Document = MergeEdits(serverDocument, original.Document!, edited) };
                    changes = DocumentDiff.Between(original with { Document = serverDocument }, updated);
                }
            }
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            return new SaveResult(SaveStatus.Failed, "Could not check the current version in Lucca, so nothing was saved: " + LuccaErrors.Describe(e));
        }

        var entry = await audit.BeginAsync(user, IntentFor(AuditActions.Edit, updated, DocumentDiff.ToJson(changes),
            overwriteServerChanges ? "Saved over a newer server version after the conflict was shown" : null), cancellationToken);
        try
        {
            var saved = await api.UpdateInboxDocumentAsync(original.Id, InboxDocumentUpdate.From(updated), etag, cancellationToken);
            await audit.CompleteAsync(entry, AuditOutcomes.Succeeded, 200, cancellationToken: CancellationToken.None);
            inbox.ApplyUpdated(saved, user.Name);
            return new SaveResult(SaveStatus.Saved, $"Saved {changes.Count} change(s).", saved, changes);
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            logger.LogWarning(e, "Save of inbox item {InboxId} failed (audit #{EntryId})", original.Id, entry.Id);
            await audit.CompleteAsync(entry, AuditOutcomes.Failed, LuccaErrors.StatusOf(e), LuccaErrors.Describe(e), CancellationToken.None);
            return new SaveResult(SaveStatus.Failed, LuccaErrors.Describe(e) + " Your edits are still on screen.",
                FieldErrors: (e as LuccaApiException)?.Errors);
        }
    }

    public Task<BookResult> BookAsync(AppUser user, InboxItem item, string? note = null, CancellationToken cancellationToken = default) =>
        BookAsAsync(AuditActions.Book, user, item, note, cancellationToken);

    /// <summary>One document of a bulk job: the same checks, single-flight guard and reconciliation, audited as BulkBook.</summary>
    public Task<BookResult> BulkBookAsync(AppUser user, InboxItem item, string note, CancellationToken cancellationToken = default) =>
        BookAsAsync(AuditActions.BulkBook, user, item, note, cancellationToken);

    private async Task<BookResult> BookAsAsync(string action, AppUser user, InboxItem item, string? note, CancellationToken cancellationToken)
    {
        user.Demand(AppRoles.InboxBook, "book documents");
        var documentId = item.Document?.Id ?? 0;
        if (await rules.FourEyesBlockerAsync(user, documentId, cancellationToken) is { } blocker) return new BookResult(BookStatus.Refused, blocker);

        // Paid twice is the costliest AP mistake: a likely duplicate is booked only on its own, with a stated reason.
        var likelyDuplicates = await duplicates.ForAsync(item, cancellationToken);
        if (likelyDuplicates.Count > 0)
        {
            var of = string.Join(", ", likelyDuplicates.Select(d => $"{(d.Other.IsBooked ? "booked" : "inbox")} {d.Other.Number ?? "document " + d.Other.DocumentId} ({d.Reason})"));
            if (action != AuditActions.Book || string.IsNullOrWhiteSpace(note))
            {
                return new BookResult(BookStatus.Refused, $"Likely a duplicate of {of}: book it on its own, saying why.");
            }
            note = $"Booked although likely a duplicate of {of}. Reason given: {note.Trim()}";
        }

        // One booking per document at a time in this app: a double click, a second tab or a colleague gets told, not a second POST.
        if (!_bookingsInFlight.TryAdd(item.Id, user.Name))
        {
            return new BookResult(BookStatus.InProgress, $"{_bookingsInFlight.GetValueOrDefault(item.Id, "Someone")} is booking this document right now.");
        }
        try
        {
            if (!inbox.Current.ById.ContainsKey(item.Id) && await auditReader.LastBookingAsync(documentId, cancellationToken) is { } done)
            {
                return new BookResult(BookStatus.AlreadyBooked, $"Already booked by {done.UserName} at {done.AtUtc.ToLocalTime():HH:mm} on {done.AtUtc.ToLocalTime():d}.");
            }
            return await PostBookingAsync(user, item, action, note, cancellationToken);
        }
        finally
        {
            _bookingsInFlight.TryRemove(item.Id, out _);
        }
    }

    private async Task<BookResult> PostBookingAsync(AppUser user, InboxItem item, string action, string? note, CancellationToken cancellationToken)
    {
        var entry = await audit.BeginAsync(user, IntentFor(action, item, null, note), cancellationToken);
        return (await SendBookingAsync(entry, user, item)) with { AuditEntryId = entry.Id };
    }

    private async Task<BookResult> SendBookingAsync(AuditEntry entry, AppUser user, InboxItem item)
    {
        try
        {
            // Not cancellable: once sent, a booking must be seen through to its outcome.
            var bookedDocument = await api.BookAsync(item.Id, luccaOptions, cancellationToken: CancellationToken.None);
            await audit.CompleteAsync(entry, AuditOutcomes.Succeeded, 200, cancellationToken: CancellationToken.None);
            inbox.Remove(item.Id, user.Name);
            if (bookedDocument is not null) RememberBooked(bookedDocument);
            return new BookResult(BookStatus.Booked, $"Booked {Describe(item)}.", bookedDocument);
        }
        catch (LuccaApiException e) when (e.IsNotFound)
        {
            var by = await auditReader.LastBookingAsync(item.Document?.Id ?? 0, CancellationToken.None);
            await audit.CompleteAsync(entry, AuditOutcomes.Failed, 404, LuccaErrors.Describe(e), CancellationToken.None);
            inbox.Remove(item.Id);
            return new BookResult(BookStatus.AlreadyBooked, by is null
                ? "Lucca no longer has this document in its inbox: it was booked or removed elsewhere."
                : $"Already booked by {by.UserName} at {by.AtUtc.ToLocalTime():HH:mm}.");
        }
        catch (LuccaApiException e) when (e.StatusCode is not null && (int)e.StatusCode < 500 && e.StatusCode != System.Net.HttpStatusCode.RequestTimeout)
        {
            await audit.CompleteAsync(entry, AuditOutcomes.Failed, LuccaErrors.StatusOf(e), LuccaErrors.Describe(e), CancellationToken.None);
            return new BookResult(BookStatus.Failed, LuccaErrors.Describe(e));
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            // 5xx, 408, timeout or a dropped connection: the booking may or may not have happened. Never retry
            // blindly; look at Lucca and record what is true.
            logger.LogWarning(e, "Booking of inbox item {InboxId} had no clear answer; reconciling (audit #{EntryId})", item.Id, entry.Id);
            return await ReconcileAsync(entry, item, e);
        }
    }

    private void RememberBooked(BookedDocument document)
    {
        booked.Remember(document);
        duplicates.Booked(document);
    }

    /// <summary>Decides an unclear booking from Lucca itself: booked if the document appears among booked documents.</summary>
    public async Task<BookResult> ReconcileAsync(AuditEntry entry, InboxItem? item, Exception? cause = null)
    {
        var documentId = entry.DocumentId ?? item?.Document?.Id ?? 0;
        try
        {
            var since = new DateTimeOffset(entry.AtUtc, TimeSpan.Zero).AddMinutes(-5);
            var filters = new Dictionary<string, string> { ["createdAt.from"] = since.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
            var recent = await api.GetAllBookedDocumentsAsync(filters, cancellationToken: CancellationToken.None);
            var found = recent.FirstOrDefault(d => d.Id == documentId);
            if (found is not null)
            {
                await audit.CompleteAsync(entry, AuditOutcomes.Succeeded, null, "Confirmed in Lucca's booked documents after an unclear answer"
                    + (cause is null ? "" : $" ({LuccaErrors.Describe(cause)})"), CancellationToken.None);
                if (entry.InboxId is { } inboxId) inbox.Remove(inboxId);
                RememberBooked(found);
                return new BookResult(BookStatus.Booked, "Lucca's answer was lost, but the document is booked: checked in Lucca's booked documents.", found);
            }
            await audit.CompleteAsync(entry, AuditOutcomes.Failed, cause is null ? null : LuccaErrors.StatusOf(cause),
                "Not booked (checked in Lucca's booked documents)" + (cause is null ? "" : $": {LuccaErrors.Describe(cause)}"), CancellationToken.None);
            return new BookResult(BookStatus.Failed, (cause is null ? "" : LuccaErrors.Describe(cause) + " ") + "The document was not booked (checked in Lucca); you can try again.");
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            logger.LogWarning(e, "Could not reconcile booking audit #{EntryId}; it stays Pending until Lucca answers", entry.Id);
            return new BookResult(BookStatus.Unknown,
                "Lucca did not answer clearly and could not be checked. The booking is recorded as pending and will be checked again; do not book it again for now.");
        }
    }

    private static Document MergeEdits(Document server, Document original, Document edited)
    {
        // Field by field: what the user changed wins, everything else is the server's.
        var mine = DocumentDiff.Between(new InboxItem { Document = original }, new InboxItem { Document = edited }).Select(c => DocumentDiff.FieldOf(c.Path));
        return mine.Distinct().Aggregate(server, (merged, field) => WithField(merged, edited, field));
    }

    /// <summary><paramref name="target"/> with one writable field (a DocumentDiff.FieldOf name) taken from <paramref name="source"/>.</summary>
    public static Document WithField(Document target, Document source, string field) => field switch
    {
        "type" => target with { Type = source.Type },
        "ownerId" => target with { Owner = source.Owner },
        "context" => target with { Context = source.Context },
        "documentNumber" => target with { DocumentNumber = source.DocumentNumber },
        "documentDate" => target with { DocumentDate = source.DocumentDate },
        "dueDate" => target with { DueDate = source.DueDate },
        "amountIncludingTaxes" => target with { AmountIncludingTaxes = source.AmountIncludingTaxes },
        "accountingLabel" => target with { AccountingLabel = source.AccountingLabel },
        "comment" => target with { Comment = source.Comment },
        "intraCommunityTaxes" => target with { IntraCommunityTaxes = source.IntraCommunityTaxes },
        "paymentDetails" => target with { PaymentDetails = source.PaymentDetails },
        _ => target, // a property the form does not edit: the server's stays
    };

    private static AuditIntent IntentFor(string action, InboxItem item, string? diffJson, string? note)
    {
        var amount = item.Document?.AmountIncludingTaxes?.IncludingTaxes;
        return new AuditIntent(action, item.Id, item.Document?.Id, item.Document?.DocumentNumber, item.Document?.Context?.Purchase?.Name,
            amount?.Value, amount?.Currency, diffJson, note);
    }

    private static string Describe(InboxItem item) =>
        $"{item.Document?.DocumentNumber ?? $"document {item.Document?.Id}"}" + (item.Document?.Context?.Purchase?.Name is { } p ? $" ({p})" : "");
}
