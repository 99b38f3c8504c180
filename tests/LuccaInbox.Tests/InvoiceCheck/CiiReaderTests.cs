using LuccaInbox.Web.InvoiceCheck;

namespace LuccaInbox.Tests.InvoiceCheck;

public class CiiReaderTests
{
    [Fact]
    public void Reads_every_field_of_an_invoice()
    {
        var invoice = CiiReader.TryRead(SampleCii.Invoice(), out var problem);

        Assert.Null(problem);
        Assert.NotNull(invoice);
        Assert.Equal("INV-003443", invoice.Number);
        Assert.Equal(InvoiceKind.Invoice, invoice.Kind);
        Assert.Equal(new DateOnly(2026, 11, 15), invoice.IssueDate);
        Assert.Equal(new DateOnly(2026, 12, 15), invoice.DueDate);
        Assert.Equal("EUR", invoice.Currency);
        Assert.Equal(1028.80m, invoice.TotalExcludingTaxes);
        Assert.Equal(1234.56m, invoice.TotalIncludingTaxes);
        Assert.Equal(205.76m, invoice.TaxTotal);
        Assert.Equal(new[] { new CiiVatLine(20.00m, 1028.80m, 205.76m) }, invoice.VatLines);
        Assert.Equal("Papeterie Dupont SARL", invoice.SellerName);
        Assert.Equal("FR32123456789", invoice.SellerVatNumber);
        Assert.Equal("FR7630006000011234567890189", invoice.Iban);
        Assert.Equal("BNPAFRPPXXX", invoice.Bic);
    }

    [Theory]
    [InlineData("380", InvoiceKind.Invoice)]
    [InlineData("384", InvoiceKind.Invoice)]
    [InlineData("389", InvoiceKind.Invoice)]
    [InlineData("751", InvoiceKind.Invoice)]
    [InlineData("381", InvoiceKind.CreditNote)]
    [InlineData("261", InvoiceKind.CreditNote)]
    [InlineData("262", InvoiceKind.CreditNote)]
    [InlineData("396", InvoiceKind.CreditNote)]
    [InlineData("386", InvoiceKind.Other)]
    public void Reads_the_kind_from_the_type_code(string typeCode, InvoiceKind kind) =>
        Assert.Equal(kind, CiiReader.TryRead(SampleCii.Invoice(typeCode: typeCode), out _)?.Kind);

    [Fact]
    public void Reads_several_VAT_rates_at_header_level_only()
    {
        var lines = SampleCii.VatLine("20", "1000.00", "200.00") + SampleCii.VatLine("5.5", "100.00", "5.50") + SampleCii.VatLine("0", "50.00", "0.00");

        var invoice = CiiReader.TryRead(SampleCii.Invoice(vatLines: lines), out _);

        Assert.Equal(new[] { new CiiVatLine(20m, 1000m, 200m), new CiiVatLine(5.5m, 100m, 5.50m), new CiiVatLine(0m, 50m, 0m) }, invoice!.VatLines);
    }

    [Fact]
    public void Leaves_missing_optional_elements_empty()
    {
        var invoice = CiiReader.TryRead(SampleCii.Invoice(dueDate: null, iban: null, bic: null, sellerVat: null, vatLines: ""), out var problem);

        Assert.Null(problem);
        Assert.Null(invoice!.DueDate);
        Assert.Null(invoice.Iban);
        Assert.Null(invoice.Bic);
        Assert.Null(invoice.SellerVatNumber);
        Assert.Empty(invoice.VatLines);
        Assert.Equal("INV-003443", invoice.Number);
    }

    [Fact]
    public void Reads_an_almost_empty_invoice()
    {
        const string xml = """<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>""";

        var invoice = CiiReader.TryRead(xml, out var problem);

        Assert.Null(problem);
        IReadOnlyList<CiiVatLine> none = [];
        Assert.Equal(new CiiInvoice(null, null, null, null, null, null, null, null, none, null, null, null, null), invoice! with { VatLines = none });
    }

    [Theory]
    [InlineData("20261115", "102")]
    [InlineData("2026-11-15", "102")]
    [InlineData("2026-11-15", "")]
    public void Reads_issue_dates_in_format_102_and_ISO(string printed, string format) =>
        Assert.Equal(new DateOnly(2026, 11, 15), CiiReader.TryRead(SampleCii.Invoice(issueDate: printed, dateFormat: format), out _)?.IssueDate);

    [Theory]
    [InlineData("EUR", 205.76)]
    [InlineData("CHF", 198.12)]
    public void Takes_the_tax_total_in_the_invoice_currency(string currency, decimal expected)
    {
        const string totals = """
            <ram:TaxTotalAmount currencyID="CHF">198.12</ram:TaxTotalAmount><ram:TaxTotalAmount currencyID="EUR">205.76</ram:TaxTotalAmount>
            """;

        Assert.Equal(expected, CiiReader.TryRead(SampleCii.Invoice(currency: currency, taxTotals: totals), out _)?.TaxTotal);
    }

    [Theory]
    [InlineData("<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">", "malformed")]
    [InlineData("", "malformed")]
    [InlineData("not xml at all", "malformed")]
    [InlineData("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>", "root element is Invoice")]
    [InlineData("<CrossIndustryInvoice/>", "root element is CrossIndustryInvoice")]
    [InlineData("""
        <?xml version="1.0"?>
        <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">&xxe;</rsm:CrossIndustryInvoice>
        """, "DTD")]
    [InlineData("""
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
        <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">&lol2;</rsm:CrossIndustryInvoice>
        """, "DTD")]
    public void Refuses_what_is_not_a_CII_invoice_without_throwing(string xml, string expectedInProblem)
    {
        var invoice = CiiReader.TryRead(xml, out var problem);

        Assert.Null(invoice);
        Assert.Contains(expectedInProblem, problem);
    }

    [Fact]
    public void Ignores_amounts_it_cannot_read()
    {
        var invoice = CiiReader.TryRead(SampleCii.Invoice(grandTotal: "1,234.56"), out _);

        Assert.Null(invoice!.TotalIncludingTaxes);
        Assert.Equal(1028.80m, invoice.TotalExcludingTaxes);
    }
}
