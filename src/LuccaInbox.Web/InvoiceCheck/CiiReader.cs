using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>Reads the fields we check from a UN/CEFACT Cross Industry Invoice (the XML inside Factur-X / ZUGFeRD).
/// Not a general Factur-X reader: every element is optional and anything else is ignored.</summary>
public static class CiiReader
{
    static readonly XNamespace Rsm = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    static readonly XNamespace Ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
    static readonly XNamespace Udt = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";

    static readonly HashSet<string> InvoiceTypeCodes = ["380", "384", "389", "751"];
    static readonly HashSet<string> CreditNoteTypeCodes = ["381", "261", "262", "396"];

    public static CiiInvoice? TryRead(string xml, out string? problem)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = 50_000_000,
            };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            problem = e.Message.Contains("DTD", StringComparison.Ordinal)
                ? "the invoice XML declares a DTD, which is refused for safety"
                : $"the invoice XML is malformed: {e.Message}";
            return null;
        }

        var root = document.Root;
        if (root is null || root.Name != Rsm + "CrossIndustryInvoice")
        {
            problem = $"not a Cross Industry Invoice: the root element is {root?.Name.LocalName ?? "missing"}";
            return null;
        }

        problem = null;
        return ReadInvoice(root);
    }

    static CiiInvoice ReadInvoice(XElement root)
    {
        var header = root.Element(Rsm + "ExchangedDocument");
        var transaction = root.Element(Rsm + "SupplyChainTradeTransaction");
        var seller = transaction?.Element(Ram + "ApplicableHeaderTradeAgreement")?.Element(Ram + "SellerTradeParty");
        // Header level only: line items carry their own ApplicableTradeTax that must not be counted.
        var settlement = transaction?.Element(Ram + "ApplicableHeaderTradeSettlement");
        var paymentMeans = settlement?.Elements(Ram + "SpecifiedTradeSettlementPaymentMeans").ToList() ?? [];
        var summation = settlement?.Element(Ram + "SpecifiedTradeSettlementHeaderMonetarySummation");
        var currency = Text(settlement?.Element(Ram + "InvoiceCurrencyCode"));

        return new CiiInvoice(
            Number: Text(header?.Element(Ram + "ID")),
            Kind: KindOf(Text(header?.Element(Ram + "TypeCode"))),
            IssueDate: DateOf(header?.Element(Ram + "IssueDateTime")),
            DueDate: DateOf(settlement?.Elements(Ram + "SpecifiedTradePaymentTerms")
                .Select(terms => terms.Element(Ram + "DueDateDateTime")).FirstOrDefault(due => due is not null)),
            Currency: currency,
            TotalExcludingTaxes: AmountOf(summation?.Element(Ram + "TaxBasisTotalAmount")),
            TotalIncludingTaxes: AmountOf(summation?.Element(Ram + "GrandTotalAmount")),
            TaxTotal: AmountOf(TaxTotalInCurrency(summation, currency)),
            VatLines: settlement?.Elements(Ram + "ApplicableTradeTax").Select(tax => new CiiVatLine(
                AmountOf(tax.Element(Ram + "RateApplicablePercent")),
                AmountOf(tax.Element(Ram + "BasisAmount")),
                AmountOf(tax.Element(Ram + "CalculatedAmount")))).ToList() ?? [],
            SellerName: Text(seller?.Element(Ram + "Name")),
            SellerVatNumber: Text(seller?.Elements(Ram + "SpecifiedTaxRegistration").Elements(Ram + "ID")
                .FirstOrDefault(id => (string?)id.Attribute("schemeID") == "VA")),
            Iban: paymentMeans.Select(means => Text(means.Element(Ram + "PayeePartyCreditorFinancialAccount")?.Element(Ram + "IBANID")))
                .FirstOrDefault(iban => iban is not null),
            Bic: paymentMeans.Select(means => Text(means.Element(Ram + "PayeeSpecifiedCreditorFinancialInstitution")?.Element(Ram + "BICID")))
                .FirstOrDefault(bic => bic is not null));
    }

    // EN 16931 allows a second TaxTotalAmount in the accounting currency; the one in the invoice currency is the printed one.
    static XElement? TaxTotalInCurrency(XElement? summation, string? currency)
    {
        var totals = summation?.Elements(Ram + "TaxTotalAmount").ToList() ?? [];
        return totals.FirstOrDefault(total => string.Equals((string?)total.Attribute("currencyID"), currency, StringComparison.OrdinalIgnoreCase))
            ?? totals.FirstOrDefault(total => total.Attribute("currencyID") is null)
            ?? totals.FirstOrDefault();
    }

    static InvoiceKind? KindOf(string? typeCode) => typeCode switch
    {
        null => null,
        _ when InvoiceTypeCodes.Contains(typeCode) => InvoiceKind.Invoice,
        _ when CreditNoteTypeCodes.Contains(typeCode) => InvoiceKind.CreditNote,
        _ => InvoiceKind.Other,
    };

    static string? Text(XElement? element)
    {
        var value = element?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    static decimal? AmountOf(XElement? element) =>
        decimal.TryParse(Text(element), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite
            | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var amount) ? amount : null;

    static DateOnly? DateOf(XElement? dateTime)
    {
        var text = Text(dateTime?.Element(Udt + "DateTimeString")) ?? Text(dateTime);
        string[] formats = ["yyyyMMdd", "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssK"];
        return text is not null && DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? DateOnly.FromDateTime(date) : null;
    }
}
