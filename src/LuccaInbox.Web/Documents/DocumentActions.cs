using System.Collections.Concurrent;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
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

public enum BookStatus { Booked, Refused, AlreadyBooked, InProgress, Changed, Failed, Unknown }

public sealed record BookResult(BookStatus Status, string Message, BookedDocument? Booked = null, long? AuditEntryId = null,
    IReadOnlyList<FieldChange>? TheirChanges = null, Document? Current = null);

/// <summary>
/// Saving and booking, each as: check the user's role (here, whatever the UI showed), write the audit intent,
/// call Lucca, record the outcome, update the shared inbox snapshot. No Lucca write happens without its audit entry.
/// </summary>
public sealed partial class DocumentActions(LuccaWrites writes, InboxDocumentIds ids, IOptionsMonitor<LuccaOptions> luccaOptions, InboxService inbox,
    AuditLog audit, AuditReader auditReader, BookingRules rules, Duplicates.DuplicateService duplicates, DocumentVersions versions,
    BookingCheck bookingCheck, SaveReadBack saveReadBack, ILogger<DocumentActions> logger)
{
    // Saves and bookings of one document from this app go one at a time, so the version compared is the version written
    // over or booked: without ETags (or where Lucca ignores them) nothing else closes the gap between the check and the write.
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _saveLocks = new();

    // The inbox item's own ETags, from PUT answers: the only ones that may go back as If-Match on that PUT.
    private readonly ConcurrentDictionary<int, (string ETag, DateTimeOffset? ModifiedAt)> _itemETags = new();
    private volatile bool _inboxFreshForAutoIds;
    // Per instance, and the instance is a singleton: one guard per app, and two apps (or test hosts) in one process stay apart.
    private readonly ConcurrentDictionary<int, string> _bookingsInFlight = new();

    /// <param name="original">The item as the user first saw it: the version their edits apply to.</param>
    /// <param name="overwriteServerChanges">The user saw the conflict and chose to keep their version.</param>
    public async Task<SaveResult> SaveAsync(AppUser user, InboxItem original, Document edited, bool overwriteServerChanges = false,
        CancellationToken cancellationToken = default)
    {
        user.Demand(AppRoles.InboxEdit, "save documents");
        using var lane = WriteLane.Begin();
        using var _ = await InOrderAsync(original.Id, cancellationToken);
        return await SaveInOrderAsync(user, original, edited, overwriteServerChanges, cancellationToken);
    }

    /// <summary>Holds the document's gate: its saves and bookings from this app go one at a time.</summary>
    private async Task<IDisposable> InOrderAsync(int inboxId, CancellationToken cancellationToken)
    {
        var gate = _saveLocks.GetOrAdd(inboxId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Releaser(gate);
    }

    /// <summary>Runs <paramref name="work"/> under the document's gate if no save or booking of it is on its way; false if one is.</summary>
    public async Task<bool> WhenIdleAsync(int inboxId, Func<Task> work)
    {
        var gate = _saveLocks.GetOrAdd(inboxId, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0)) return false;
        try
        {
            await work();
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    private async Task<SaveResult> SaveInOrderAsync(AppUser user, InboxItem original, Document edited, bool overwriteServerChanges,
        CancellationToken cancellationToken)
    {
        var updated = original with { Document = edited };
        var changes = DocumentDiff.Between(original, updated);
        if (changes.Count == 0) return new SaveResult(SaveStatus.NothingToSave, "Nothing changed.", original, changes);

        // A PUT replaces the whole document: read the current version first and compare its content with what the user
        // opened, so a colleague's change is never silently overwritten, whether or not this Lucca has ETags (API-FACTS addendum).
        Document basis;
        try
        {
            var server = await versions.CompareAsync(original, cancellationToken);
            if (server.Current is not null) await saveReadBack.SettlePendingAsync(original.Document!.Id, server.Current, cancellationToken);
            if (server.Gone)
            {
                inbox.Remove(original.Id);
                return new SaveResult(SaveStatus.Failed, "This document is no longer in Lucca's inbox (it was booked or removed). Your edits are still on screen.");
            }
            var theirs = server.ChangesSinceSeen;
            if (theirs.Count > 0 && !overwriteServerChanges)
            {
                // Recorded too: "who tried to change what, and why was it not sent?" is part of the history.
                var conflict = await audit.BeginAsync(user, IntentFor(AuditActions.Edit, updated, DocumentDiff.ToJson(changes),
                    "Not sent: the document changed in Lucca meanwhile (" + string.Join(", ", theirs.Select(c => c.Path)) + ")"), cancellationToken);
                await audit.CompleteAsync(conflict, AuditOutcomes.Failed, null, "Conflict with a newer version in Lucca", CancellationToken.None);
                return new SaveResult(SaveStatus.Conflict, "Someone changed this document in Lucca since you opened it.",
                    Changes: changes, TheirChanges: theirs, ServerDocument: server.Current);
            }
            // The user's edits go over the version Lucca has now: theirs stays wherever the user did not touch a field.
            basis = server.Current ?? original.Document!;
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            return new SaveResult(SaveStatus.Failed, "Could not check the current version in Lucca, so nothing was saved: " + LuccaErrors.Describe(e));
        }

        var body = InboxDocumentUpdate.Build(basis, original.Document!, edited);
        changes = DocumentDiff.Written(basis, body);
        var entry = await audit.BeginAsync(user, IntentFor(AuditActions.Edit, updated, DocumentDiff.ToJson(changes),
            overwriteServerChanges ? "Saved over a newer server version after the conflict was shown" : null), cancellationToken);
        try
        {
            // If-Match only with the inbox item's own ETag, and only where Lucca was seen to honour it (API-FACTS addendum).
            // The stored ETag goes only with the version it came with: after a change made elsewhere it is stale.
            var ifMatch = luccaOptions.CurrentValue.IfMatchHonoured == true && _itemETags.TryGetValue(original.Id, out var known)
                && known.ModifiedAt == basis.ModifiedAt ? known.ETag : null;
            // Not cancellable once sent: a PUT that left must be seen through to what Lucca holds.
            await KnowInboxIdsAsync();
            var answer = await writes.PutAsync(original, body, ifMatch, inbox.KnownIds, CancellationToken.None);
            await audit.CompleteAsync(entry, AuditOutcomes.Succeeded, 200, cancellationToken: CancellationToken.None);
            var saved = answer.Saved ?? await ReadBackAsync(original, basis);
            if (answer.ETag is { } etag) _itemETags[original.Id] = (etag, saved.Document?.ModifiedAt);
            inbox.ApplyUpdated(saved, user.Name);
            return new SaveResult(SaveStatus.Saved, $"Saved {changes.Count} change(s).", saved, changes);
        }
        catch (LuccaApiException e) when (e.IsPreconditionFailed)
        {
            await audit.CompleteAsync(entry, AuditOutcomes.Failed, 412, "Lucca refused the change: the document changed meanwhile (412)", CancellationToken.None);
            _itemETags.TryRemove(original.Id, out _);
            return await ConflictAfterRefusalAsync(original, changes, cancellationToken);
        }
        catch (Exception e) when (LuccaErrors.IsUnclear(e))
        {
            logger.LogWarning(e, "Save of inbox item {InboxId} had no clear answer; reading it back (audit #{EntryId})", original.Id, entry.Id);
            return await saveReadBack.SettleAsync(entry, original, edited, e, user.Name);
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            logger.LogWarning(e, "Save of inbox item {InboxId} failed (audit #{EntryId})", original.Id, entry.Id);
            await audit.CompleteAsync(entry, AuditOutcomes.Failed, LuccaErrors.StatusOf(e), LuccaErrors.Describe(e), CancellationToken.None);
            return new SaveResult(SaveStatus.Failed, LuccaErrors.Describe(e) + " Your edits are still on screen.",
                FieldErrors: (e as LuccaApiException)?.Errors);
        }
    }

    /// <summary>
    /// While it is not known which id the write paths take, the ids the inbox holds decide which addresses are safe
    /// (<see cref="LuccaWrites"/>): read them fresh once before the first write rather than trust a snapshot of a minute ago.
    /// </summary>
    private async Task KnowInboxIdsAsync()
    {
        if (ids.Reading != InboxDocumentIdReading.Auto || _inboxFreshForAutoIds) return;
        await inbox.GetAsync(forceRefresh: true);
        _inboxFreshForAutoIds = inbox.LastSyncError is null;
    }

    /// <summary>A PUT answered with no readable body saved all the same: what is saved is read back, not guessed.</summary>
    private async Task<InboxItem> ReadBackAsync(InboxItem original, Document basis)
    {
        try
        {
            return original with { Document = (await versions.CompareAsync(original, CancellationToken.None)).Current ?? basis };
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            logger.LogWarning(e, "Saved inbox item {InboxId}, but could not read it back", original.Id);
            return original with { Document = basis };
        }
    }

    /// <summary>A 412 is a conflict to show, never a dead end: read what Lucca has and offer theirs vs mine.</summary>
    private async Task<SaveResult> ConflictAfterRefusalAsync(InboxItem original, IReadOnlyList<FieldChange> changes, CancellationToken cancellationToken)
    {
        try
        {
            var server = await versions.CompareAsync(original, cancellationToken);
            if (server.Current is not null)
            {
                return new SaveResult(SaveStatus.Conflict, "Someone changed this document in Lucca since you opened it.",
                    Changes: changes, TheirChanges: server.ChangesSinceSeen, ServerDocument: server.Current);
            }
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            logger.LogWarning(e, "Could not read inbox item {InboxId} after a 412", original.Id);
        }
        return new SaveResult(SaveStatus.Failed, "Lucca says the document changed meanwhile (412), and its current version could not be read. Your edits are still on screen; reload to see it.");
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
