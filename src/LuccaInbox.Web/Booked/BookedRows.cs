using System.Globalization;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Documents;

namespace LuccaInbox.Web.Booked;

/// <summary>One line of the booked page: the document, who booked it with this app (from the audit log) and when.</summary>
/// <param name="BookedAt">When the audit log says we booked it, else Lucca's createdAt.</param>
/// <param name="Supplier">The purchase's supplier, from the supplier directory (null while unknown).</param>
public sealed record BookedRow(BookedDocument Document, string? BookedBy, DateTimeOffset? BookedAt, string? Supplier = null);

/// <summary>
/// The booked page's rows: each document with the last successful Book/BulkBook entry of our audit log that is the same
/// document (by id, or where Lucca's booked id differs, by number and amount: <see cref="BookingReconciler.IsTheBookedDocument"/>),
/// newest booking first, and the page's search over what is loaded.
/// </summary>
public static class BookedRows
{
    public static IReadOnlyList<BookedRow> Build(IEnumerable<BookedDocument> documents, IReadOnlyList<AuditEntry> bookings,
        Func<int?, string?>? supplierOfPurchase = null) =>
        documents.Select(d =>
            {
                var entry = bookings.Where(e => BookingReconciler.IsTheBookedDocument(d, e, null)).MaxBy(e => e.Sequence);
                return new BookedRow(d, entry?.UserName,
                    entry is null ? d.CreatedAt : new DateTimeOffset(DateTime.SpecifyKind(entry.AtUtc, DateTimeKind.Utc)),
                    supplierOfPurchase?.Invoke(d.Purchase?.Id));
            })
            .OrderByDescending(r => r.BookedAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(r => r.Document.Id)
            .ToList();

    /// <summary>The audit entries that may name these documents' bookers.</summary>
    public static Task<IReadOnlyList<AuditEntry>> BookingsOfAsync(AuditReader reader, IReadOnlyList<BookedDocument> documents, CancellationToken cancellationToken) =>
        reader.SucceededBookingsAsync(
            documents.Select(d => d.Id).ToHashSet(),
            documents.Select(d => d.DocumentNumber?.Trim()).OfType<string>().Where(n => n.Length > 0).ToHashSet(),
            cancellationToken);

    /// <summary>Rows whose number, supplier/purchase, accounting label or amount match the search (case-insensitive;
    /// an amount typed as "1234.5", "1 234,50" or "1,234.50").</summary>
    public static IReadOnlyList<BookedRow> Search(IReadOnlyList<BookedRow> rows, string? search)
    {
        if (string.IsNullOrWhiteSpace(search)) return rows;
        var text = search.Trim();
        var amount = ParseAmount(text);
        return rows.Where(r => Contains(r.Supplier, text) || Matches(r.Document, text, amount)).ToList();
    }

    private static bool Matches(BookedDocument d, string text, decimal? amount)
    {
        if (Contains(d.DocumentNumber, text) || Contains(d.Purchase?.Name, text) || Contains(d.AccountingLabel, text)) return true;
        if (amount is not { } wanted) return false;
        decimal?[] amounts = [d.AmountIncludingTaxes?.Base?.IncludingTaxes?.Value, d.AmountIncludingTaxes?.Counter?.IncludingTaxes?.Value,
            d.AmountIncludingTaxes?.Base?.ExcludingTaxes?.Value];
        return amounts.Any(a => a == wanted);
    }

    private static bool Contains(string? value, string text) => value?.Contains(text, StringComparison.CurrentCultureIgnoreCase) == true;

    private static decimal? ParseAmount(string text)
    {
        var digits = new string(text.Where(c => char.IsDigit(c) || c is '.' or ',' or '-').ToArray());
        if (digits.Length == 0 || digits.Length < text.Replace(" ", "").Replace("\u00a0", "").Replace("\u202f", "").Length) return null;
        // The last separator followed by one or two digits is the decimal one; any other is grouping.
        var last = digits.LastIndexOfAny(['.', ',']);
        var normalised = last >= 0 && digits.Length - last - 1 is 1 or 2
            ? digits[..last].Replace(".", "").Replace(",", "") + "." + digits[(last + 1)..]
            : digits.Replace(".", "").Replace(",", "");
        return decimal.TryParse(normalised, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
