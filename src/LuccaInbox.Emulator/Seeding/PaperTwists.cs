using System.Globalization;

namespace LuccaInbox.Emulator.Seeding;

/// <summary>What GET /cleemy-procurement/api/files/{id} serves for a scanned document.</summary>
public enum OriginalKind
{
    /// <summary>A text PDF with the invoice embedded as factur-x.xml (UN/CEFACT CII, EN16931 profile).</summary>
    FacturX,
    /// <summary>A PDF with a text layer, no embedded data.</summary>
    Text,
    /// <summary>A PDF whose pages are bitmaps: no text layer.</summary>
    ImageOnly,
    /// <summary>The document has no scanned original.</summary>
    None,
}

/// <summary>A catalogued supplier as seeded, for the suppliers endpoint. <paramref name="Iban"/> null: paid by card only.</summary>
public sealed record SeededSupplier(int Id, string Name, string Country, string? LegalIdentifier, string? VatNumber,
    string? Iban, string? Bic, int PaymentTermDays, string PreferredPaymentMethod);

/// <summary>What tests and the benchmark need to know about one seeded inbox document: the kind of its original, the one
/// field OCR misread (documentNumber, includingTaxes or documentDate; null when none) with the read and the printed
/// value, and whether the paper's IBAN differs from the supplier's bank account on file (a fraud case).</summary>
public sealed record SeededTruth(int InboxId, int DocumentId, OriginalKind OriginalKind, Guid? FileId, string? MisreadField,
    string? OcrValue, string? TrueValue, bool IbanDiffersFromSupplier, string? PaperIban, string? SupplierIban);

/// <summary>The seeded twists the client has to cope with: three kinds of originals and the odd paper whose IBAN is not
/// the supplier's. Draws from its own random sequence so the rest of the seeded tenant stays as it was.</summary>
internal sealed class PaperTwists(Random rnd)
{
    private const double FraudulentIbanShare = 0.03;

    public OriginalKind PickOriginal(SupplierDef supplier)
    {
        var (facturX, text) = supplier.Country switch { "FR" => (0.62, 0.24), "DE" => (0.3, 0.5), _ => (0.06, 0.68) };
        var roll = rnd.NextDouble();
        return roll < facturX ? OriginalKind.FacturX : roll < facturX + text ? OriginalKind.Text : OriginalKind.ImageOnly;
    }

    /// <summary>For ~3 % of invoices of suppliers paid by transfer, the paper carries another bank account than the
    /// supplier's on file.</summary>
    public PaperInvoice MaybeFraudulentIban(PaperInvoice paper, Supplier supplier, bool credit)
    {
        if (credit || supplier.Def.BankCountry is not { } country || rnd.NextDouble() >= FraudulentIbanShare) return paper;
        var (iban, bic) = IbanGenerator.Generate(rnd, country);
        while (iban == supplier.Iban) (iban, bic) = IbanGenerator.Generate(rnd, country);
        return paper with { SupplierIban = iban, SupplierBic = bic };
    }

    public static SeededSupplier Seeded(Supplier supplier) => new(supplier.Def.Id, supplier.Def.Name, supplier.Def.Country,
        supplier.LegalIdentifier, supplier.VatNumber, supplier.Iban, supplier.Bic,
        supplier.Def.Category is Category.Consulting or Category.Training ? 45 : 30,
        supplier.Iban is null ? "PhysicalCard" : "BankTransfer");

    public static SeededTruth Truth(InboxItemDraft item)
    {
        var (paper, read) = (item.Paper, item.Reading);
        var (field, ocr, truth) = read switch
        {
            _ when read.Number is { } number && number != paper.Number => ("documentNumber", number, paper.Number),
            _ when read.InclDelta != 0m => ("includingTaxes", Amount(paper.TotalIncludingTaxes + read.InclDelta, paper.Currency),
                Amount(paper.TotalIncludingTaxes, paper.Currency)),
            _ when read.Date is { } date && date != paper.Date => ("documentDate", InvoiceSeeder.FormatDate(date), InvoiceSeeder.FormatDate(paper.Date)),
            _ => ((string?)null, (string?)null, (string?)null),
        };
        var original = item.Attachments.FirstOrDefault()?.File;
        var supplierIban = item.Purchase.Supplier.Iban;
        return new SeededTruth(item.Id, item.DocumentId, original?.Original ?? OriginalKind.None, original?.FileId, field, ocr, truth,
            paper.SupplierIban is not null && paper.SupplierIban != supplierIban, paper.SupplierIban, supplierIban);
    }

    private static string Amount(decimal value, string currency) =>
        value.ToString(InvoiceSeeder.DecimalsOf(currency) == 0 ? "F0" : "F2", CultureInfo.InvariantCulture);
}
