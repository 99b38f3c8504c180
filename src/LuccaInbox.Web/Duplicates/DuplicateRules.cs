using System.Text;
using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.Duplicates;

/// <summary>A document as the duplicate rules see it, from the inbox or from the booked documents.</summary>
public sealed record DuplicateCandidate(
    bool IsBooked, int LinkId, int DocumentId, string? Type, int? PurchaseId, string? Supplier, string? Number,
    decimal? Amount, string? Currency, DateOnly? Date, IReadOnlySet<string> FileIds)
{
    /// <summary>The number the invoice itself gives (its Factur-X data, or its text where the form's number is a near miss),
    /// when the form's may be misread.</summary>
    public string? InvoiceNumber { get; init; }

    /// <summary>The supplier, as the supplier directory or the invoice's own VAT number tell it.</summary>
    public int? SupplierId { get; init; }
    public string? SupplierVatNumber { get; init; }

    /// <summary>Whatever says who the supplier is: the purchase, the supplier on file, the seller's VAT number.</summary>
    public IReadOnlyList<string> SupplierKeys =>
        new[] { PurchaseId is { } p ? $"p{p}" : null, SupplierId is { } s ? $"s{s}" : null, DuplicateRules.NormalizeNumber(SupplierVatNumber) is { Length: > 0 } v ? $"v{v}" : null }
            .OfType<string>().ToList();

    /// <summary>The form's number and the invoice's own, normalised.</summary>
    public IReadOnlyList<string> NumberKeys =>
        new[] { Number, InvoiceNumber }.Select(DuplicateRules.NormalizeNumber).Where(n => n.Length > 0).Distinct().ToList();

    public static DuplicateCandidate From(InboxItem item)
    {
        var d = item.Document;
        return new DuplicateCandidate(false, item.Id, d?.Id ?? 0, d?.Type, d?.Context?.Purchase?.Id, d?.Context?.Purchase?.Name, d?.DocumentNumber,
            d?.AmountIncludingTaxes?.IncludingTaxes?.Value, d?.AmountIncludingTaxes?.IncludingTaxes?.Currency, d?.DocumentDate, FileIdsOf(d?.Attachments));
    }

    public static DuplicateCandidate From(BookedDocument booked)
    {
        var amount = booked.AmountIncludingTaxes?.Base?.IncludingTaxes;
        return new DuplicateCandidate(true, booked.Id, booked.Id, booked.Type, booked.Purchase?.Id, booked.Purchase?.Name, booked.DocumentNumber,
            amount?.Value, amount?.Currency, booked.DocumentDate, FileIdsOf(booked.Attachments));
    }

    private static HashSet<string> FileIdsOf(IReadOnlyList<Attachment>? attachments) =>
        (attachments ?? []).Select(a => a.File?.Id).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
}

public sealed record DuplicateMatch(DuplicateCandidate Other, string Reason);

/// <summary>
/// When two documents are likely the same bill: the same supplier (purchase, supplier on file or VAT number) and document
/// number once normalised (the form's, or the invoice's own where OCR misread it), or the same supplier, amount including
/// taxes and document date, or the very same attached file.
/// An invoice and a credit note never duplicate each other: a credit note commonly repeats the invoice's figures.
/// </summary>
public static class DuplicateRules
{
    public static string? Reason(DuplicateCandidate a, DuplicateCandidate b)
    {
        if (a.DocumentId == b.DocumentId && a.IsBooked == b.IsBooked) return null;
        if (a.FileIds.Overlaps(b.FileIds)) return "the same attached file";
        if (a.Type != b.Type || !a.SupplierKeys.Intersect(b.SupplierKeys).Any()) return null;
        if (NormalizeNumber(a.Number) is { Length: > 0 } number && number == NormalizeNumber(b.Number)) return "the same supplier and document number";
        if (a.NumberKeys.Intersect(b.NumberKeys).Any()) return "the same supplier and the invoice's own document number";
        if (a.Amount is not null && a.Amount == b.Amount && a.Currency == b.Currency && a.Date is not null && a.Date == b.Date)
        {
            return "the same supplier, amount and date";
        }
        return null;
    }

    /// <summary>Case, spaces, dashes and leading zeros do not make two numbers different: "inv-000123" = "INV 123".</summary>
    public static string NormalizeNumber(string? number)
    {
        if (string.IsNullOrWhiteSpace(number)) return "";
        var result = new StringBuilder(number.Length);
        var previousWasDigit = false;
        foreach (var c in number.ToUpperInvariant())
        {
            if (char.IsWhiteSpace(c) || c is '-' or '‐' or '‑' or '–' or '—' or '_') continue;
            var isDigit = char.IsAsciiDigit(c);
            if (isDigit && c == '0' && !previousWasDigit) continue; // a leading zero of a run of digits
            result.Append(c);
            previousWasDigit = isDigit;
        }
        return result.ToString();
    }
}
