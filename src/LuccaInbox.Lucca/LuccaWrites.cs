using System.Text.Json;
using System.Text.Json.Nodes;
using LuccaInbox.Lucca.Models;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Lucca;

public sealed record PutAnswer(InboxItem Saved, string? ETag);

/// <summary>
/// The two writes, PUT and book, addressed with the id Lucca wants (<see cref="InboxDocumentIds"/>) and read tolerantly.
/// Neither is ever re-sent here after an unclear answer: the caller reads Lucca back and records what is true.
/// </summary>
public sealed class LuccaWrites(ILuccaInvoicesApi api, InboxDocumentIds ids, IOptionsMonitor<LuccaOptions> options)
{
    /// <param name="isInboxItemId">Whether an id belongs to some inbox item: the document id is tried after a 404 only
    /// when it can be no other item's, so the wrong document is never written.</param>
    public Task<PutAnswer> PutAsync(InboxItem item, JsonObject body, string? ifMatch, Func<int, bool> isInboxItemId,
        CancellationToken cancellationToken = default) =>
        WithIdAsync(item, isInboxItemId, async id =>
        {
            using var response = await api.PutInboxDocumentRawAsync(id, body, ifMatch, cancellationToken).ConfigureAwait(false);
            await ThrowIfFailedAsync(response).ConfigureAwait(false);
            // The answer is the full inbox item (API-FACTS §5); a server that answers with nothing saved all the same.
            var saved = await ReadAsync<InboxItem>(response, cancellationToken).ConfigureAwait(false);
            return new PutAnswer(saved ?? item, response.Headers.ETag?.ToString());
        }, saved => saved.Saved.Document?.Id is not { } savedId || savedId <= 0 || savedId == item.Document?.Id);

    /// <summary>POST …/book with no body. Any 2xx is success; a body is read only when there is one (API-FACTS §15.7).</summary>
    public Task<BookedDocument?> BookAsync(InboxItem item, Func<int, bool> isInboxItemId, CancellationToken cancellationToken = default) =>
        WithIdAsync(item, isInboxItemId, async id =>
        {
            using var response = await api.BookInboxDocumentRawAsync(id, null, cancellationToken).ConfigureAwait(false);
            await ThrowIfFailedAsync(response).ConfigureAwait(false);
            return await ReadAsync<BookedDocument>(response, cancellationToken).ConfigureAwait(false);
        }, _ => true);

    private async Task<T> WithIdAsync<T>(InboxItem item, Func<int, bool> isInboxItemId, Func<int, Task<T>> call, Func<T, bool> addressedRightly)
    {
        var inboxId = item.Id;
        var documentId = item.Document?.Id ?? 0;
        var reading = ids.Reading;
        if (reading == InboxDocumentIdReading.Document)
        {
            if (documentId <= 0) throw new LuccaApiException($"Inbox item {inboxId} has no readable document id, which this Lucca needs to address it.");
            return await call(documentId).ConfigureAwait(false);
        }
        try
        {
            var answer = await call(inboxId).ConfigureAwait(false);
            if (reading == InboxDocumentIdReading.Auto && documentId != inboxId)
            {
                if (!addressedRightly(answer))
                {
                    ids.Learn(InboxDocumentIdReading.Document);
                    throw new LuccaApiException($"Lucca answered for another document when inbox item {inboxId} was addressed by its item id: this Lucca takes document ids. Nothing more will be sent that way.");
                }
                ids.Learn(InboxDocumentIdReading.InboxItem);
            }
            return answer;
        }
        catch (LuccaApiException e) when (e.IsNotFound && reading == InboxDocumentIdReading.Auto
            && documentId > 0 && documentId != inboxId && !isInboxItemId(documentId))
        {
            var answer = await call(documentId).ConfigureAwait(false);
            ids.Learn(InboxDocumentIdReading.Document);
            return answer;
        }
    }

    private async Task ThrowIfFailedAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await LuccaApiException.FromResponseAsync(response, options.CurrentValue.ApiKey).ConfigureAwait(false);
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
