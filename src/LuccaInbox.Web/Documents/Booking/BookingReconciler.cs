using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Booked;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.LuccaAccess;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// The one place that says what became of a booking attempt, for a single booking, a bulk job and the start-up recheck.
/// It settles a booking whose answer was lost, from facts that hold under every reading of the API (API-FACTS §15.7-8 and
/// the 2026-12-02 addendum): is the document among the booked documents (read back to the document's own upload, since
/// booked createdAt may be the upload time or the booking time; matched by id or, since a booked id may not be the
/// document id, by number, purchase and amount), and is the item still in the inbox. Until one of them answers, the audit entry stays Pending and the document cannot be
/// booked again; <see cref="PendingAttemptReconciler"/> asks again on its own.
/// </summary>
public sealed class BookingReconciler(ILuccaInvoicesApi api, InboxService inbox, AuditLog audit, AuditReader auditReader,
    BookedService booked, Duplicates.DuplicateService duplicates, IConfiguration configuration, TimeProvider time, ILogger<BookingReconciler> logger)
{
    /// <summary>A POST whose answer was lost may still be processed (a proxy's 504 while Lucca works on): "still in the
    /// inbox" proves "not booked" only this long after the attempt.</summary>
    private TimeSpan SettleAfter => TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Booking:SettleAfterSeconds", 60)));

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

    /// <summary>What an attempt already in the audit log came to: as recorded, or, while Pending, as Lucca says now.</summary>
    public async Task<BookResult> ConcludeAsync(AuditEntry attempt)
    {
        switch (attempt.Outcome)
        {
            case AuditOutcomes.Succeeded:
                if (attempt.InboxId is { } inboxId) inbox.Remove(inboxId);
                return new BookResult(BookStatus.Booked, "Booked (as recorded in the audit log).", AuditEntryId: attempt.Id);
            case AuditOutcomes.Failed:
                return new BookResult(BookStatus.Failed, attempt.Error ?? "Not booked.", AuditEntryId: attempt.Id);
            default:
                return (await SettleAsync(attempt, null)) with { AuditEntryId = attempt.Id };
        }
    }

    /// <param name="item">The item as it was sent, when known (not after a restart).</param>
    public async Task<BookResult> SettleAsync(AuditEntry entry, InboxItem? item, Exception? cause = null)
    {
        var because = cause is null ? "" : $" ({LuccaErrors.Describe(cause)})";
        try
        {
            var uploadedAt = item?.Document?.CreatedAt
                ?? (entry.InboxId is { } id && inbox.Current.ById.TryGetValue(id, out var row) ? row.Item.Document?.CreatedAt : null);
            // Read as duplicate detection reads them, incrementally and back to the oldest upload then in the inbox, so
            // a document booked since is found whether createdAt is its upload or its booking time.
            var candidates = await duplicates.ReadBookedNowAsync(CancellationToken.None)
                ?? throw new LuccaApiException("Lucca's booked documents could not be read.");
            if (candidates.FirstOrDefault(d => IsTheBookedDocument(d, entry, uploadedAt)) is { } found)
            {
                await audit.CompleteAsync(entry, AuditOutcomes.Succeeded, null, "Confirmed in Lucca's booked documents after an unclear answer" + because, CancellationToken.None);
                if (entry.InboxId is { } inboxId) inbox.Remove(inboxId);
                RememberBooked(found);
                return new BookResult(BookStatus.Booked, "Lucca's answer was lost, but the document is booked: checked in Lucca's booked documents.", found);
            }

            var attemptAge = time.GetUtcNow() - new DateTimeOffset(entry.AtUtc, TimeSpan.Zero);
            var inboxNow = attemptAge < SettleAfter ? [] : await api.GetAllInboxItemsAsync(cancellationToken: CancellationToken.None);
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
    /// <remarks>Also how the booked page tells who booked a document (<see cref="Booked.BookedRows"/>), with no upload time.</remarks>
    public static bool IsTheBookedDocument(BookedDocument booked, AuditEntry entry, DateTimeOffset? uploadedAt)
    {
        var sameNumber = !string.IsNullOrWhiteSpace(entry.DocumentNumber)
            && string.Equals(booked.DocumentNumber?.Trim(), entry.DocumentNumber.Trim(), StringComparison.OrdinalIgnoreCase);
        var amount = booked.AmountIncludingTaxes?.Base?.IncludingTaxes;
        var sameAmount = entry.Amount is { } value && amount?.Value == value && (entry.Currency is null || amount.Currency == entry.Currency);
        // The same id is the same document only if what can be compared agrees: under new booked ids it may be another one.
        if (entry.DocumentId is > 0 && booked.Id == entry.DocumentId
            && (sameNumber || (string.IsNullOrWhiteSpace(booked.DocumentNumber) && string.IsNullOrWhiteSpace(entry.DocumentNumber) && (sameAmount || entry.Amount is null))))
        {
            return true;
        }
        var samePurchase = entry.Supplier is null || booked.Purchase?.Name == entry.Supplier;
        var attemptedAt = new DateTimeOffset(entry.AtUtc, TimeSpan.Zero);
        var createdFitsEitherReading = booked.CreatedAt is not { } created || uploadedAt is null
            || created >= attemptedAt.AddMinutes(-5) || (created - uploadedAt.Value).Duration() < TimeSpan.FromSeconds(2);
        return sameNumber && sameAmount && samePurchase && createdFitsEitherReading;
    }
}
