namespace LuccaInbox.Web.InvoiceCheck;

public enum InvoiceKind { Invoice, CreditNote, Other }

public sealed record CiiVatLine(decimal? RatePercent, decimal? Basis, decimal? Amount);

/// <summary>The few fields of a Factur-X / ZUGFeRD (UN/CEFACT CII) invoice that the form is checked against.</summary>
public sealed record CiiInvoice(string? Number, InvoiceKind? Kind, DateOnly? IssueDate, DateOnly? DueDate, string? Currency,
    decimal? TotalExcludingTaxes, decimal? TotalIncludingTaxes, decimal? TaxTotal, IReadOnlyList<CiiVatLine> VatLines,
    string? SellerName, string? SellerVatNumber, string? Iban, string? Bic);
