using System.Security.Cryptography;
using System.Text;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Inbox;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// The version of a document a person saw: Lucca's modifiedAt and the writable content. The one notion of "version":
/// a draft is kept for it, a save compares Lucca's current version with it (a conflict when content moved), and a
/// booking books it only (not when even only its modifiedAt moved: something the form does not show may have changed).
/// </summary>
public sealed record SeenVersion(DateTimeOffset? ModifiedAt, IReadOnlyDictionary<string, string?> Values)
{
    public static SeenVersion Of(InboxItem item) =>
        new(item.Document?.ModifiedAt, item.Document is null ? new Dictionary<string, string?>() : DocumentDiff.ValuesOf(item));

    /// <summary>A short text naming this version, also where Lucca sends no modifiedAt: what a draft is stored against.</summary>
    public string Stamp
    {
        get
        {
            var content = string.Join("\n", Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
            return $"{ModifiedAt?.ToString("O") ?? "-"}#{hash}";
        }
    }
}

/// <param name="ChangesSinceSeen">The content changed in Lucca since the version seen.</param>
/// <param name="Moved">Lucca holds another version than the one seen: content, or only its modifiedAt.</param>
public sealed record ServerVersion(Document? Current, IReadOnlyList<FieldChange> ChangesSinceSeen, bool Gone, bool Moved = false);

/// <summary>Reads the document's current version in Lucca and what changed in it since the version a user is looking at.</summary>
public sealed class DocumentVersions(ILuccaInvoicesApi api, InboxService inbox)
{
    public async Task<ServerVersion> CompareAsync(InboxItem seen, CancellationToken cancellationToken = default)
    {
        var response = await api.GetDocumentAsync(seen.Document!.Id, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return new ServerVersion(null, [], Gone: true, Moved: true);
        // A failed read must stop the caller (no PUT or POST without knowing the current version).
        if (!response.IsSuccessStatusCode || response.Content is not { } current || current.Unreadable.Contains(TolerantReader.WholeItem))
        {
            throw new LuccaApiException($"Lucca answered {(int?)response.StatusCode} when asked for the current version of document {seen.Document.Id}.",
                response.StatusCode, "GET", $"/cleemy-procurement/api/documents/{seen.Document.Id}");
        }
        var changes = DocumentDiff.Between(seen, seen with { Document = current });
        var moved = changes.Count > 0 || current.ModifiedAt != seen.Document.ModifiedAt;
        if (moved) inbox.ApplyUpdated(seen with { Document = current });
        // Its ETag is the document's, not the inbox item's, so it is never sent as If-Match on the inbox PUT (API-FACTS addendum).
        return new ServerVersion(current, changes, Gone: false, moved);
    }
}
