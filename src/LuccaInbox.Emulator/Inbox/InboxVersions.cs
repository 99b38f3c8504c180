using LuccaInbox.Emulator.Profiles;

namespace LuccaInbox.Emulator.Inbox;

/// <summary>
/// Versions and ETags of inbox items and their documents, as the profile's <see cref="ETagMode"/> plays them (API-FACTS
/// addenda on concurrency control). Versions are kept per inbox item, which owns exactly one document.
/// Not thread-safe: the store calls it under its lock.
/// </summary>
internal sealed class InboxVersions(ETagMode mode)
{
    private Dictionary<int, int> _versions = new();

    public void Reset(IEnumerable<int> inboxIds) => _versions = inboxIds.ToDictionary(id => id, _ => 1);

    public void Bump(int inboxId) => _versions[inboxId]++;

    public void Remove(int inboxId) => _versions.Remove(inboxId);

    /// <summary>The ETag of GET /api/documents/{id}; null when the server sends none.</summary>
    public string? DocumentETag(int inboxId, int documentId) =>
        mode == ETagMode.None ? null : $"\"doc-{documentId}-v{_versions[inboxId]}\"";

    /// <summary>The ETag of the PUT response: the inbox item's own under PerResource, else the document's.</summary>
    public string? WriteETag(int inboxId, int? documentId) => mode switch
    {
        ETagMode.None => null,
        ETagMode.PerResource => InboxETag(inboxId),
        _ => documentId is { } id ? DocumentETag(inboxId, id) : InboxETag(inboxId),
    };

    /// <summary>If-Match on PUT/book: checked against the document's ETag (SharedDocument), the inbox item's (PerResource), or not at all.</summary>
    public bool Matches(string? ifMatch, int inboxId, int? documentId)
    {
        if (mode is ETagMode.Ignored or ETagMode.None || string.IsNullOrEmpty(ifMatch) || ifMatch.Trim() == "*") return true;
        var expected = mode == ETagMode.PerResource || documentId is null ? InboxETag(inboxId) : DocumentETag(inboxId, documentId.Value);
        return ifMatch.Split(',').Select(t => t.Trim()).Contains(expected);
    }

    private string InboxETag(int inboxId) => $"\"inbox-{inboxId}-v{_versions[inboxId]}\"";
}
