using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.LuccaAccess;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// A PUT whose answer was lost (timeout, dropped connection, 408 or 5xx after sending) is never re-sent blindly: the
/// document is read back and the audit log records what Lucca actually holds.
/// </summary>
public sealed class SaveReadBack(DocumentVersions versions, ILuccaInvoicesApi api, InboxService inbox, AuditLog audit, AuditReader auditReader,
    ILogger<SaveReadBack> logger)
{
    /// <summary>
    /// An edit left Pending (its answer was lost and the read-back failed too, or the app stopped in between): settled by
    /// comparing what Lucca holds now with the values the edit sent. A document that left the inbox stays Pending: whether
    /// the edit reached it before it left cannot be told.
    /// </summary>
    public async Task SettlePendingAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        if (entry.DocumentId is not > 0) return;
        var response = await api.GetDocumentAsync(entry.DocumentId.Value, cancellationToken);
        if (response.IsSuccessStatusCode && response.Content is { } current) await SettleAsync(entry, current);
    }

    /// <summary>Settles this document's Pending edits against a version just read. The caller holds the document's save
    /// gate, so none of them is still on its way.</summary>
    public async Task SettlePendingAsync(int documentId, Document current, CancellationToken cancellationToken)
    {
        var pending = await auditReader.PendingAsync(cancellationToken);
        foreach (var entry in pending.Where(e => e.Action == AuditActions.Edit && e.DocumentId == documentId)) await SettleAsync(entry, current);
    }

    private async Task SettleAsync(AuditEntry entry, Document current)
    {
        var sent = DocumentDiff.FromJson(entry.DiffJson);
        if (sent.Count == 0) return;
        var held = DocumentDiff.ValuesOf(new InboxItem { Document = current });
        var (outcome, what) = sent.All(c => SameValue(held.GetValueOrDefault(c.Path), c.After)) ? (AuditOutcomes.Succeeded, "Applied")
            : sent.All(c => SameValue(held.GetValueOrDefault(c.Path), c.Before)) ? (AuditOutcomes.Failed, "Not applied")
            : (AuditOutcomes.Failed, "Not what Lucca holds now");
        await audit.CompleteAsync(entry, outcome, null, what + ": read back from Lucca after the answer was lost", CancellationToken.None);
    }

    public async Task<SaveResult> SettleAsync(AuditEntry entry, InboxItem original, Document edited, Exception cause, string by)
    {
        var mine = DocumentDiff.Between(original, original with { Document = edited });
        var because = $" after an unclear answer ({LuccaErrors.Describe(cause)})";
        try
        {
            var server = await versions.CompareAsync(original, CancellationToken.None);
            if (server.Current is { } current)
            {
                var held = DocumentDiff.Between(original, original with { Document = current }).ToDictionary(c => c.Path);
                if (mine.All(c => held.TryGetValue(c.Path, out var h) && SameValue(h.After, c.After)))
                {
                    await audit.CompleteAsync(entry, AuditOutcomes.Succeeded, null, "Applied: read back from Lucca" + because, CancellationToken.None);
                    var saved = original with { Document = current };
                    inbox.ApplyUpdated(saved, by);
                    return new SaveResult(SaveStatus.Saved, "Lucca's answer was lost, but reading the document back shows your change is saved.", saved, mine);
                }
                if (mine.All(c => !held.ContainsKey(c.Path)))
                {
                    await audit.CompleteAsync(entry, AuditOutcomes.Failed, LuccaErrors.StatusOf(cause), "Not applied: read back from Lucca" + because, CancellationToken.None);
                    return new SaveResult(SaveStatus.Failed, LuccaErrors.Describe(cause) + " Reading the document back shows your change was not applied. Your edits are still on screen.");
                }
                await audit.CompleteAsync(entry, AuditOutcomes.Failed, LuccaErrors.StatusOf(cause),
                    "Lucca holds another version (read back): " + string.Join(", ", held.Keys) + because, CancellationToken.None);
                return new SaveResult(SaveStatus.Conflict, "Lucca did not answer clearly, and the document in Lucca now differs from both your version and the one you opened.",
                    Changes: mine, TheirChanges: server.ChangesSinceSeen, ServerDocument: current);
            }
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            logger.LogWarning(e, "Could not read inbox item {InboxId} back after an unclear save; audit #{EntryId} stays Pending", original.Id, entry.Id);
        }
        return new SaveResult(SaveStatus.Failed, "Lucca did not answer clearly and the document could not be read back, so it is not known whether your change was saved. It is recorded as pending; reload the document to see what Lucca holds.");
    }

    /// <summary>Lucca may write 120 back as 120.00: numbers are compared as numbers.</summary>
    private static bool SameValue(string? held, string? sent) =>
        held == sent || (decimal.TryParse(held, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(sent, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var b) && a == b);
}
