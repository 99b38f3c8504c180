namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>What the form says (values as the clerk sees them before saving); every member may be null.</summary>
public sealed record FormFacts(string? Number, InvoiceKind? Kind, DateOnly? DocumentDate, DateOnly? DueDate, string? Currency,
    decimal? ExcludingTaxes, decimal? IncludingTaxes, IReadOnlyList<FormVatLine> VatLines, string? Iban, string? Bic);

public sealed record FormVatLine(decimal? RatePercent, decimal? Amount);

public enum Verdict { Matches, Differs, NotFound }

/// <param name="Field">One of <see cref="FieldKeys"/>, or "taxes[i]" for the form's i-th VAT line.</param>
/// <param name="InvoiceValue">The value as the invoice prints it, for the UI.</param>
/// <param name="InvoiceTypedValue">string, decimal, DateOnly or InvoiceKind, to put in the form with "use the invoice's value".</param>
/// <param name="Reason">Why NotFound, or where the invoice's value comes from: <see cref="FieldVerdict.FromFacturX"/> or <see cref="FieldVerdict.FromText"/>.</param>
/// <param name="Where">Where the invoice's value is printed, when it was found in the words.</param>
public sealed record FieldVerdict(string Field, Verdict Verdict, string? InvoiceValue, object? InvoiceTypedValue, string? Reason, PageBox? Where)
{
    public const string FromFacturX = "Factur-X data";
    public const string FromText = "invoice text";
    public const string NotInText = "not found in the invoice's text";
}

public static class FieldKeys
{
    public const string DocumentNumber = "documentNumber";
    public const string Type = "type";
    public const string DocumentDate = "documentDate";
    public const string DueDate = "dueDate";
    public const string Currency = "currency";
    public const string ExcludingTaxes = "excludingTaxes";
    public const string IncludingTaxes = "includingTaxes";
    public const string Iban = "iban";
    public const string Bic = "bic";

    public static string Taxes(int index) => $"taxes[{index}]";
}
