using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using LuccaInbox.Emulator.Seeding;

namespace LuccaInbox.Emulator.Files;

/// <summary>A paper's TRUE printed facts (never what OCR read) as UN/CEFACT CII XML, Factur-X EN16931 profile.</summary>
public static class FacturXInvoice
{
    public const string FileName = "factur-x.xml";
    public static readonly XNamespace Rsm = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    public static readonly XNamespace Ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
    public static readonly XNamespace Udt = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";

    public static byte[] Write(PaperInvoice paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement(Rsm + "CrossIndustryInvoice",
            new XAttribute(XNamespace.Xmlns + "rsm", Rsm), new XAttribute(XNamespace.Xmlns + "ram", Ram), new XAttribute(XNamespace.Xmlns + "udt", Udt),
            new XElement(Rsm + "ExchangedDocumentContext",
                new XElement(Ram + "GuidelineSpecifiedDocumentContextParameter", new XElement(Ram + "ID", "urn:cen.eu:en16931:2017"))),
            new XElement(Rsm + "ExchangedDocument",
                new XElement(Ram + "ID", paper.Number),
                new XElement(Ram + "TypeCode", paper.DocumentKind == "CREDIT NOTE" ? "381" : "380"),
                new XElement(Ram + "IssueDateTime", Date(paper.Date))),
            new XElement(Rsm + "SupplyChainTradeTransaction",
                paper.Lines.Select((line, k) => Line(paper, line, k + 1)),
                new XElement(Ram + "ApplicableHeaderTradeAgreement",
                    new XElement(Ram + "SellerTradeParty",
                        new XElement(Ram + "Name", paper.SupplierName),
                        new XElement(Ram + "PostalTradeAddress", new XElement(Ram + "LineOne", paper.SupplierAddress.Split('\n')[0])),
                        paper.SupplierVatNumber is { } vat
                            ? new XElement(Ram + "SpecifiedTaxRegistration", new XElement(Ram + "ID", new XAttribute("schemeID", "VA"), vat))
                            : null),
                    new XElement(Ram + "BuyerTradeParty", new XElement(Ram + "Name", paper.CustomerName))),
                new XElement(Ram + "ApplicableHeaderTradeDelivery"),
                Settlement(paper))));
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            document.Save(writer);
        }
        return stream.ToArray();
    }

    private static XElement Settlement(PaperInvoice paper)
    {
        var taxTotal = paper.Vat.Sum(v => v.Amount);
        return new XElement(Ram + "ApplicableHeaderTradeSettlement",
            new XElement(Ram + "InvoiceCurrencyCode", paper.Currency),
            paper.SupplierIban is { } iban
                ? new XElement(Ram + "SpecifiedTradeSettlementPaymentMeans",
                    new XElement(Ram + "TypeCode", "58"),
                    new XElement(Ram + "PayeePartyCreditorFinancialAccount", new XElement(Ram + "IBANID", iban)),
                    paper.SupplierBic is { } bic ? new XElement(Ram + "PayeeSpecifiedCreditorFinancialInstitution", new XElement(Ram + "BICID", bic)) : null)
                : null,
            paper.Vat.Count > 0
                ? paper.Vat.Select(v => Tax(paper, v.Amount, v.Base, "S", v.Rate))
                : [Tax(paper, 0m, paper.TotalExcludingTaxes, "K", 0m)], // intra-community supply: reverse charge
            paper.DueDate is { } due ? new XElement(Ram + "SpecifiedTradePaymentTerms", new XElement(Ram + "DueDateDateTime", Date(due))) : null,
            new XElement(Ram + "SpecifiedTradeSettlementHeaderMonetarySummation",
                new XElement(Ram + "LineTotalAmount", Amount(paper.TotalExcludingTaxes, paper)),
                new XElement(Ram + "TaxBasisTotalAmount", Amount(paper.TotalExcludingTaxes, paper)),
                new XElement(Ram + "TaxTotalAmount", new XAttribute("currencyID", paper.Currency), Amount(taxTotal, paper)),
                new XElement(Ram + "GrandTotalAmount", Amount(paper.TotalIncludingTaxes, paper)),
                new XElement(Ram + "DuePayableAmount", Amount(paper.TotalIncludingTaxes, paper))));
    }

    private static XElement Tax(PaperInvoice paper, decimal amount, decimal basis, string category, decimal rate) =>
        new(Ram + "ApplicableTradeTax",
            new XElement(Ram + "CalculatedAmount", Amount(amount, paper)),
            new XElement(Ram + "TypeCode", "VAT"),
            category == "K" ? new XElement(Ram + "ExemptionReasonCode", "VATEX-EU-IC") : null,
            new XElement(Ram + "BasisAmount", Amount(basis, paper)),
            new XElement(Ram + "CategoryCode", category),
            new XElement(Ram + "RateApplicablePercent", Decimal(rate)));

    private static XElement Line(PaperInvoice paper, PaperLine line, int number)
    {
        var rate = paper.Vat.Count == 0 ? 0m : line.RatePercent ?? paper.Vat[0].Rate;
        return new XElement(Ram + "IncludedSupplyChainTradeLineItem",
            new XElement(Ram + "AssociatedDocumentLineDocument", new XElement(Ram + "LineID", number)),
            new XElement(Ram + "SpecifiedTradeProduct", new XElement(Ram + "Name", line.Description)),
            new XElement(Ram + "SpecifiedLineTradeAgreement",
                new XElement(Ram + "NetPriceProductTradePrice", new XElement(Ram + "ChargeAmount", Amount(line.UnitPrice, paper)))),
            new XElement(Ram + "SpecifiedLineTradeDelivery", new XElement(Ram + "BilledQuantity", new XAttribute("unitCode", "C62"), Decimal(line.Quantity))),
            new XElement(Ram + "SpecifiedLineTradeSettlement",
                new XElement(Ram + "ApplicableTradeTax",
                    new XElement(Ram + "TypeCode", "VAT"),
                    new XElement(Ram + "CategoryCode", paper.Vat.Count == 0 ? "K" : "S"),
                    new XElement(Ram + "RateApplicablePercent", Decimal(rate))),
                new XElement(Ram + "SpecifiedTradeSettlementLineMonetarySummation", new XElement(Ram + "LineTotalAmount", Amount(line.Amount, paper)))));
    }

    private static XElement Date(DateOnly date) =>
        new(Udt + "DateTimeString", new XAttribute("format", "102"), date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    private static string Amount(decimal value, PaperInvoice paper) =>
        value.ToString(InvoiceSeeder.DecimalsOf(paper.Currency) == 0 ? "0" : "0.00", CultureInfo.InvariantCulture);

    private static string Decimal(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
