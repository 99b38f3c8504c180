using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Booked;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Lucca;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// Settles a booking whose answer was lost, from facts that hold under every reading of the API (API-FACTS §15.7-8 and
/// the 2026-12-02 addendum): is the document among the booked documents created since the document's own createdAt
/// (booked createdAt may be the upload time or the booking time; a booked id may or may not be the document id), and is
/// the item still in the inbox. Until one of them answers, the audit entry stays Pending and the document cannot be
/// booked again; <see cref="PendingAttemptReconciler"/> asks again on its own.
/// </summary>
public sealed class BookingCheck(ILuccaInvoicesApi api, InboxService inbox, AuditLog audit, AuditReader auditReader,
    BookedService booked, Duplicates.DuplicateService duplicates, ILogger<BookingCheck> logger)
{
    private static readonly TimeSpan ClockSlack = TimeSpan.FromDays(1);

    /// <summary>A booking of this item still waiting for Lucca to say whether it happened.</summary>
    public async Task<AuditEntry?> UnsettledAsync(InboxItem item, CancellationToken cancellationToken = default) =>
        (await auditReader.PendingAsync(cancellationToken)).FirstOrDefault(e => IsBooking(e)
            && (e.InboxId == item.Id || (e.DocumentId is > 0 && e.DocumentId == item.Document?.Id)));

    public static bool IsBooking(AuditEntry entry) => entry.Action is AuditActions.Book or AuditActions.BulkBook;

    public void RememberBooked(BookedDocument document)
    {
        booked.Remember(document);
        duplicates.Booked(document);
    }

    /// <param name="item">The item as it was sent, when known (not after a restart).</param>
    public async Task<BookResult> SettleAsync(AuditEntry entry, InboxItem? item, Exception? cause = null)
    {
        var because = cause is null ? "" : $" ({LuccaErrors.Describe(cause)})";
        try
        {
            var uploadedAt = item?.Document?.CreatedAt
                ?? (entry.InboxId is { } id && inbox.Current.ById.TryGetValue(id, out var row) ? row.Item.Document?.CreatedAt : null);
            var filters = uploadedAt is { } since
                ? new Dictionary<string, string> { ["createdAt.from"] = (since - ClockSlack).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) }
                : null; // not known after a restart: every booked document is a candidate
            var candidates = await api.GetAllBookedDocumentsAsync(filters, cancellationToken: CancellationToken.None);
            if (candidates.FirstOrDefault(d => IsTheBookedDocument(d, entry, uploadedAt)) is { } found)
            {
                await audit.CompleteAsync(entry, AuditOutcomes.Succeeded, null, "Confirmed in Lucca's booked documents after an unclear answer" + because, CancellationToken.None);
                if (entry.InboxId is { } inboxId) inbox.Remove(inboxId);
                RememberBooked(found);
                return new BookResult(BookStatus.Booked, "Lucca's answer was lost, but the document is booked: checked in Lucca's booked documents.", found);
            }

            var inboxNow = await api.GetAllInboxItemsAsync(cancellationToken: CancellationToken.None);
            if (inboxNow.Any(i => (entry.InboxId is > 0 && i.Id == entry.InboxId) || (entry.DocumentId is > 0 && i.Document?.Id == entry.DocumentId)))
            {
                await audit.CompleteAsync(entry, AuditOutcomes.Failed, cause is null ? null : LuccaErrors.StatusOf(cause),
                    "Not booked: still in Lucca's inbox and not among its booked documents (checked)" + because, CancellationToken.None);
                return new BookResult(BookStatus.Failed, "Lucca did not answer clearly, and the document is still in its inbox, not booked (checked in Lucca). You can book it again.");
            }
            logger.LogWarning("Booking audit #{EntryId}: the item left the inbox but no matching booked document was found yet; it stays Pending", entry.Id);
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            logger.LogWarning(e, "Could not check booking audit #{EntryId} in Lucca; it stays Pending", entry.Id);
        }
        return new BookResult(BookStatus.Unknown,
            "Lucca did not answer clearly and it cannot be told yet whether the document was booked. The booking is recorded as pending and checked again on its own; do not book it again for now.");
    }

    /// <summary>
    /// The same document by id, or, since a booked id may differ from the document id (API-FACTS §15.8), by number,
    /// purchase and amount among those created at the upload time or after the attempt (either reading of createdAt).
    /// </summary>
    private static bool IsTheBookedDocument(BookedDocument booked, AuditEntry entry, DateTimeOffset? uploadedAt)
    {
        var sameNumber = !string.IsNullOrWhiteSpace(entry.DocumentNumber)
            && string.Equals(booked.DocumentNumber?.Trim(), entry.DocumentNumber.Trim(), StringComparison.OrdinalIgnoreCase);
        if (entry.DocumentId is > 0 && booked.Id == entry.DocumentId) return sameNumber || booked.DocumentNumber is null || entry.DocumentNumber is null;

        var amount = booked.AmountIncludingTaxes?.Base?.IncludingTaxes;
        var sameAmount = entry.Amount is { } value && amount?.Value == value && (entry.Currency is null || amount.Currency == entry.Currency);
        var samePurchase = entry.Supplier is null || booked.Purchase?.Name == entry.Supplier;
        var attemptedAt = new DateTimeOffset(entry.AtUtc, TimeSpan.Zero);
        var createdFitsEitherReading = booked.CreatedAt is not { } created || uploadedAt is null
            || created >= attemptedAt.AddMinutes(-5) || (created - uploadedAt.Value).Duration() < TimeSpan.FromSeconds(2);
        return sameNumber && sameAmount && samePurchase && createdFitsEitherReading;
    }
}
