namespace LuccaInbox.Emulator.Seeding;

/// <summary>One printed line. For a delivery note UnitPrice and Amount are 0 (nothing priced is printed).</summary>
public sealed record PaperLine(string Description, decimal Quantity, decimal UnitPrice, decimal Amount)
{
    /// <summary>The line's VAT rate in percent (before any reverse charge); null on a delivery note.</summary>
    public decimal? RatePercent { get; init; }
}

/// <summary>One VAT row as printed. <paramref name="Rate"/> is a percentage: 20 means 20 %.</summary>
public sealed record PaperVat(decimal Rate, decimal Base, decimal Amount);

/// <summary>The true facts printed on a scanned document (what OCR should have read).</summary>
public sealed record PaperInvoice(string SupplierName, string SupplierAddress, string? SupplierIban, string? SupplierBic,
    string DocumentKind /* "INVOICE" or "CREDIT NOTE" or "DELIVERY NOTE" */, string Number, DateOnly Date, DateOnly? DueDate,
    string Currency, IReadOnlyList<PaperLine> Lines, IReadOnlyList<PaperVat> Vat, decimal TotalExcludingTaxes,
    decimal TotalIncludingTaxes, string CustomerName)
{
    /// <summary>The seller's VAT number as printed under its address; null when it has none (US, JP).</summary>
    public string? SupplierVatNumber { get; init; }
}

/// <summary>How printed lines are spread over pages; shared by the seeder and the page renderer.</summary>
public static class PaperLayout
{
    public const int FirstPageLines = 12;
    public const int ContinuationPageLines = 30;

    public static int PagesForLines(int lineCount) => lineCount <= FirstPageLines
        ? 1 : 1 + (lineCount - FirstPageLines + ContinuationPageLines - 1) / ContinuationPageLines;
}
