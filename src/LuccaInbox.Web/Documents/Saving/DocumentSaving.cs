using System.Collections.Concurrent;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.LuccaAccess;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Web.Documents;

public enum SaveStatus { Saved, NothingToSave, Conflict, Refused, Failed }

public sealed record SaveResult(SaveStatus Status, string Message, InboxItem? Saved = null,
    IReadOnlyList<FieldChange>? Changes = null, IReadOnlyList<FieldChange>? TheirChanges = null,
    Document? ServerDocument = null, IReadOnlyDictionary<string, string[]>? FieldErrors = null);

/// <summary>
/// Saving: check the user's role (here, whatever the UI showed), compare Lucca's current version with the one the user
/// opened, write the audit intent, PUT, record the outcome, update the shared inbox snapshot. No PUT without its audit entry.
/// </summary>
public sealed class DocumentSaving(LuccaWrites writes, InboxDocumentIds ids, IOptionsMonitor<LuccaOptions> luccaOptions, InboxService inbox,
    AuditLog audit, DocumentGates gates, DocumentVersions versions, SaveReadBack saveReadBack, ILogger<DocumentSaving> logger)
{
    // The inbox item's own ETags, from PUT answers: the only ones that may go back as If-Match on that PUT.
    private readonly ConcurrentDictionary<int, (string ETag, DateTimeOffset? ModifiedAt)> _itemETags = new();

    /// <param name="original">The item as the user first saw it: the version their edits apply to.</param>
    /// <param name="overwriteServerChanges">The user saw the conflict and chose to keep their version.</param>
    public async Task<SaveResult> SaveAsync(AppUser user, InboxItem original, Document edited, bool overwriteServerChanges = false,
        CancellationToken cancellationToken = default)
    {
        user.Demand(AppRoles.InboxEdit, "save documents");
        using var lane = WriteLane.Begin();
        using var _ = await gates.InOrderAsync(original.Id, cancellationToken);
        return await SaveInOrderAsync(user, original, edited, overwriteServerChanges, cancellationToken);
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
                var conflict = await audit.BeginAsync(user, DocumentIntents.For(AuditActions.Edit, updated, DocumentDiff.ToJson(changes),
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
        var entry = await audit.BeginAsync(user, DocumentIntents.For(AuditActions.Edit, updated, DocumentDiff.ToJson(changes),
            overwriteServerChanges ? "Saved over a newer server version after the conflict was shown" : null), cancellationToken);
        try
        {
            // If-Match only with the inbox item's own ETag, and only where Lucca was seen to honour it (API-FACTS addendum).
            // The stored ETag goes only with the version it came with: after a change made elsewhere it is stale.
            var ifMatch = luccaOptions.CurrentValue.IfMatchHonoured == true && _itemETags.TryGetValue(original.Id, out var known)
                && known.ModifiedAt == basis.ModifiedAt ? known.ETag : null;
            // Not cancellable once sent: a PUT that left must be seen through to what Lucca holds.
            var inboxIds = await inbox.KnownIdsForWritesAsync(ids.Reading);
            var answer = await writes.PutAsync(original, body, ifMatch, inboxIds, CancellationToken.None);
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

    /// <summary>
    /// After a conflict: the user's edits merged over the version Lucca holds, where they both changed a field the user
    /// chose to keep theirs for <paramref name="fieldsKeptFromTheirs"/> (WritableFields names). The one place the merge is made.
    /// </summary>
    public Task<SaveResult> SaveMergedAsync(AppUser user, InboxItem original, Document edited, Document theirs,
        IEnumerable<string> fieldsKeptFromTheirs, CancellationToken cancellationToken = default) =>
        SaveAsync(user, original, WritableFields.Take(edited, theirs, fieldsKeptFromTheirs), overwriteServerChanges: true, cancellationToken);
}
