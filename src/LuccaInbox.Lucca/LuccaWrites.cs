using System.Text.Json;
using System.Text.Json.Nodes;
using LuccaInbox.Lucca.Models;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Lucca;

/// <param name="Saved">The item as Lucca answered it; null when the answer had no readable body.</param>
public sealed record PutAnswer(InboxItem? Saved, string? ETag);

/// <summary>The ids the inbox is known to hold (inbox item ids, document ids), so a write is never addressed to an id
/// that could be another item's under either reading of the path.</summary>
public sealed record KnownInboxIds(Func<int, bool> IsInboxItemId, Func<int, bool> IsDocumentId)
{
    /// <summary>For a caller that has checked the ids itself.</summary>
    public static readonly KnownInboxIds NoneOther = new(_ => false, _ => false);
}

/// <summary>
/// The two writes, PUT and book, addressed with the id Lucca wants (<see cref="InboxDocumentIds"/>) and read tolerantly.
/// Neither is ever re-sent here after an unclear answer: the caller reads Lucca back and records what is true.
/// </summary>
public sealed class LuccaWrites(ILuccaInvoicesApi api, InboxDocumentIds ids, IOptionsMonitor<LuccaOptions> options, TimeProvider time)
{
    public Task<PutAnswer> PutAsync(InboxItem item, JsonObject body, string? ifMatch, KnownInboxIds known,
        CancellationToken cancellationToken = default) =>
        WithIdAsync(item, known, async id =>
        {
            using var response = await api.PutInboxDocumentRawAsync(id, body, ifMatch, cancellationToken).ConfigureAwait(false);
            await ThrowIfFailedAsync(response).ConfigureAwait(false);
            // The answer is the full inbox item (API-FACTS §5); a server that answers with nothing saved all the same.
            return new PutAnswer(await ReadAsync<InboxItem>(response, cancellationToken).ConfigureAwait(false), response.Headers.ETag?.ToString());
        });

    /// <summary>POST …/book with no body. Any 2xx is success; a body is read only when there is one (API-FACTS §15.7).</summary>
    public Task<BookedDocument?> BookAsync(InboxItem item, KnownInboxIds known, CancellationToken cancellationToken = default) =>
        WithIdAsync(item, known, async id =>
        {
            using var response = await api.BookInboxDocumentRawAsync(id, null, cancellationToken).ConfigureAwait(false);
            await ThrowIfFailedAsync(response).ConfigureAwait(false);
            return await ReadAsync<BookedDocument>(response, cancellationToken).ConfigureAwait(false);
        });

    /// <summary>
    /// Under a known reading: that id. Under Auto: the inbox item id, then (after a 404, which changed nothing) the
    /// document id; each only when it cannot be another inbox item's id under the other reading, so the wrong document
    /// is never written or booked. The first success settles the reading.
    /// </summary>
    private async Task<T> WithIdAsync<T>(InboxItem item, KnownInboxIds known, Func<int, Task<T>> call)
    {
        var inboxId = item.Id;
        var documentId = item.Document?.Id ?? 0;
        switch (ids.Reading)
        {
            case InboxDocumentIdReading.InboxItem:
                return await call(inboxId).ConfigureAwait(false);
            case InboxDocumentIdReading.Document when documentId > 0:
                return await call(documentId).ConfigureAwait(false);
            case InboxDocumentIdReading.Document:
                throw new LuccaApiException($"Inbox item {inboxId} has no readable document id, which this Lucca needs to address it.");
        }
        if (documentId <= 0 || documentId == inboxId) return await call(inboxId).ConfigureAwait(false);

        var candidates = new List<(int Id, InboxDocumentIdReading Reading)>();
        if (!known.IsDocumentId(inboxId)) candidates.Add((inboxId, InboxDocumentIdReading.InboxItem));
        if (!known.IsInboxItemId(documentId)) candidates.Add((documentId, InboxDocumentIdReading.Document));
        if (candidates.Count == 0)
        {
            throw new LuccaApiException($"Inbox item {inboxId} and document {documentId} each share an id with another item, and it is not known yet which id this Lucca takes: nothing was sent. Run check-lucca --write-test to learn it (Lucca:InboxDocumentsId).");
        }
        for (var i = 0; ; i++)
        {
            try
            {
                var answer = await call(candidates[i].Id).ConfigureAwait(false);
                ids.Learn(candidates[i].Reading);
                return answer;
            }
            catch (LuccaApiException e) when (e.IsNotFound && i + 1 < candidates.Count)
            {
                // Not there under this reading: nothing was written, so the other id is safe to try.
            }
        }
    }
    private async Task ThrowIfFailedAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await LuccaApiException.FromResponseAsync(response, options.CurrentValue.ApiKey, time).ConfigureAwait(false);
        }
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) where T : class
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(body, LuccaJson.Options);
        }
        catch (JsonException)
        {
            return null; // done all the same: an unreadable body does not undo a 2xx
        }
    }
}
