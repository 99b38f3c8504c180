using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Inbox;

namespace LuccaInbox.Web.Documents;

public sealed record ServerVersion(Document? Current, IReadOnlyList<FieldChange> ChangesSinceSeen, bool Gone);

/// <summary>Reads the document's current version in Lucca and what changed in it since the version a user is looking at.</summary>
public sealed class DocumentVersions(ILuccaInvoicesApi api, InboxService inbox)
{
    public async Task<ServerVersion> CompareAsync(InboxItem seen, CancellationToken cancellationToken = default)
    {
        var response = await api.GetDocumentAsync(seen.Document!.Id, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return new ServerVersion(null, [], Gone: true);
        // A failed read must stop the caller (no PUT or POST without knowing the current version).
        if (!response.IsSuccessStatusCode || response.Content is not { } current || current.Unreadable.Contains(TolerantReader.WholeItem))
        {
            throw new LuccaApiException($"Lucca answered {(int?)response.StatusCode} when asked for the current version of document {seen.Document.Id}.",
                response.StatusCode, "GET", $"/cleemy-procurement/api/documents/{seen.Document.Id}");
        }
        var changes = DocumentDiff.Between(seen, seen with { Document = current });
        if (changes.Count > 0 || current.ModifiedAt != seen.Document.ModifiedAt) inbox.ApplyUpdated(seen with { Document = current });
        // Its ETag is the document's, not the inbox item's, so it is never sent as If-Match on the inbox PUT (API-FACTS addendum).
        return new ServerVersion(current, changes, Gone: false);
    }
}
