namespace LuccaInbox.Tests.InvoiceCheck;

/// <summary>Small CII documents for the tests, with parts that can be left out.</summary>
internal static class SampleCii
{
    public static string Invoice(string number = "INV-003443", string typeCode = "380", string issueDate = "20261115",
        string dateFormat = "102", string? dueDate = "20261215", string currency = "EUR", string? iban = "FR7630006000011234567890189",
        string? bic = "BNPAFRPPXXX", string? sellerVat = "FR32123456789", string vatLines = DefaultVatLines,
        string taxBasis = "1028.80", string taxTotals = "<ram:TaxTotalAmount currencyID=\"EUR\">205.76</ram:TaxTotalAmount>",
        string grandTotal = "1234.56") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
            xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
            xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
          <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:factur-x.eu:1p0:basic</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
          <rsm:ExchangedDocument>
            <ram:ID>{number}</ram:ID>
            <ram:TypeCode>{typeCode}</ram:TypeCode>
            <ram:IssueDateTime><udt:DateTimeString format="{dateFormat}">{issueDate}</udt:DateTimeString></ram:IssueDateTime>
          </rsm:ExchangedDocument>
          <rsm:SupplyChainTradeTransaction>
            <ram:IncludedSupplyChainTradeLineItem>
              <ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:RateApplicablePercent>99</ram:RateApplicablePercent></ram:ApplicableTradeTax></ram:SpecifiedLineTradeSettlement>
            </ram:IncludedSupplyChainTradeLineItem>
            <ram:ApplicableHeaderTradeAgreement>
              <ram:SellerTradeParty>
                <ram:Name>Papeterie Dupont SARL</ram:Name>
                {(sellerVat is null ? "" : $"<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">{sellerVat}</ram:ID></ram:SpecifiedTaxRegistration>")}
                <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">12/345/67890</ram:ID></ram:SpecifiedTaxRegistration>
              </ram:SellerTradeParty>
            </ram:ApplicableHeaderTradeAgreement>
            <ram:ApplicableHeaderTradeSettlement>
              <ram:InvoiceCurrencyCode>{currency}</ram:InvoiceCurrencyCode>
              <ram:SpecifiedTradeSettlementPaymentMeans>
                <ram:TypeCode>58</ram:TypeCode>
                {(iban is null ? "" : $"<ram:PayeePartyCreditorFinancialAccount><ram:IBANID>{iban}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>")}
                {(bic is null ? "" : $"<ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>{bic}</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>")}
              </ram:SpecifiedTradeSettlementPaymentMeans>
              {vatLines}
              {(dueDate is null ? "" : $"<ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format=\"102\">{dueDate}</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>")}
              <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
                <ram:LineTotalAmount>{taxBasis}</ram:LineTotalAmount>
                <ram:TaxBasisTotalAmount>{taxBasis}</ram:TaxBasisTotalAmount>
                {taxTotals}
                <ram:GrandTotalAmount>{grandTotal}</ram:GrandTotalAmount>
                <ram:DuePayableAmount>{grandTotal}</ram:DuePayableAmount>
              </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
            </ram:ApplicableHeaderTradeSettlement>
          </rsm:SupplyChainTradeTransaction>
        </rsm:CrossIndustryInvoice>
        """;

    public const string DefaultVatLines = """
        <ram:ApplicableTradeTax><ram:CalculatedAmount>205.76</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>1028.80</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20.00</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        """;

    public static string VatLine(string rate, string basis, string amount) =>
        $"<ram:ApplicableTradeTax><ram:CalculatedAmount>{amount}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>"
        + $"<ram:BasisAmount>{basis}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>{rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>";
}
