using System.Text.Json;
using LuccaInbox.Lucca.Models;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Lucca;

public static class LuccaBooking
{
    /// <summary>
    /// POST …/inbox-documents/{inboxId}/book. Any 2xx is success; the body is read only when there is one,
    /// since neither status nor body is documented (API-FACTS §15.7). Returns the booked document if sent.
    /// </summary>
    public static async Task<BookedDocument?> BookAsync(this ILuccaInvoicesApi api, int inboxId, string? apiKeyToScrub,
        string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        using var response = await api.BookInboxDocumentRawAsync(inboxId, ifMatch, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await LuccaApiException.FromResponseAsync(response, apiKeyToScrub).ConfigureAwait(false);
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            return JsonSerializer.Deserialize<BookedDocument>(body, LuccaJson.Options);
        }
        catch (JsonException)
        {
            return null; // booked all the same: an unreadable body does not undo a 2xx
        }
    }

    public static Task<BookedDocument?> BookAsync(this ILuccaInvoicesApi api, int inboxId, IOptionsMonitor<LuccaOptions> options,
        string? ifMatch = null, CancellationToken cancellationToken = default) =>
        api.BookAsync(inboxId, options.CurrentValue.ApiKey, ifMatch, cancellationToken);
}
