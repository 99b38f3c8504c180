using LuccaInbox.Web.InvoiceCheck;

namespace LuccaInbox.Tests.InvoiceCheck;

public class PrintedValueTests
{
    [Theory]
    [InlineData("1 234,56", 1234.56)]             // FR
    [InlineData("1\u00A0234,56", 1234.56)]        // FR with NBSP
    [InlineData("1\u202F234,56", 1234.56)]        // FR with narrow NBSP
    [InlineData("1.234,56", 1234.56)]             // DE
    [InlineData("1,234.56", 1234.56)]             // EN
    [InlineData("1234.56", 1234.56)]
    [InlineData("1234,56", 1234.56)]
    [InlineData("1'234.56", 1234.56)]             // CH
    [InlineData("1’234.50", 1234.50)]             // CH, typographic apostrophe
    [InlineData("CHF 1'234.50", 1234.50)]
    [InlineData("1'234.–", 1234)]
    [InlineData("€1,234.56", 1234.56)]
    [InlineData("1 234,56 €", 1234.56)]
    [InlineData("1.234,56€", 1234.56)]
    [InlineData("EUR 12 345 678,90", 12345678.90)]
    [InlineData("-1 234,56", 1234.56)]            // credit note
    [InlineData("(1,234.56)", 1234.56)]
    [InlineData("−1.234,56 EUR", 1234.56)]
    [InlineData("123,456", 123456)]               // JPY
    [InlineData("¥123,456", 123456)]
    [InlineData("12,50", 12.50)]
    [InlineData("0,00", 0)]
    public void Reads_amounts_as_invoices_print_them(string printed, decimal expected)
    {
        var amount = PrintedAmount.Parse(printed);

        Assert.NotNull(amount);
        Assert.Contains(expected, amount.Values);
    }

    [Theory]
    [InlineData("INV-003443")]
    [InlineData("15/11/2026")]
    [InlineData("1 23,4")]
    [InlineData("1,23,456.00")]
    [InlineData("Total")]
    [InlineData("1.234.56")]
    [InlineData("")]
    public void Does_not_read_other_text_as_an_amount(string printed) =>
        Assert.Null(PrintedAmount.Parse(printed));

    [Theory]
    [InlineData("2026", false)]
    [InlineData("75008", false)]
    [InlineData("12,50", true)]
    [InlineData("1 234", true)]
    [InlineData("150 €", true)]
    public void Tells_money_from_plain_integers(string printed, bool looksLikeMoney) =>
        Assert.Equal(looksLikeMoney, PrintedAmount.Parse(printed)!.LooksLikeMoney);

    [Theory]
    [InlineData("15/11/2026")]
    [InlineData("15.11.2026")]
    [InlineData("15-11-2026")]
    [InlineData("15/11/26")]
    [InlineData("2026-11-15")]
    [InlineData("15 Nov 2026")]
    [InlineData("15 nov. 2026")]
    [InlineData("15 novembre 2026")]
    [InlineData("15. November 2026")]
    [InlineData("November 15, 2026")]
    [InlineData("15 November 2026")]
    [InlineData("Nov 15, 2026")]
    [InlineData("Nov. 15th, 2026")]
    [InlineData("15-Nov-2026")]
    [InlineData("11/15/2026")]                     // US
    public void Reads_dates_as_FR_DE_and_EN_invoices_print_them(string printed) =>
        Assert.Contains(new DateOnly(2026, 11, 15), PrintedDate.Readings(printed));

    [Theory]
    [InlineData("1er mars 2026", 2026, 3, 1)]
    [InlineData("3. März 2026", 2026, 3, 3)]
    [InlineData("17 février 2026", 2026, 2, 17)]
    [InlineData("2 août 2026", 2026, 8, 2)]
    [InlineData("1. Dezember 2026", 2026, 12, 1)]
    public void Reads_accented_and_German_month_names(string printed, int year, int month, int day) =>
        Assert.Contains(new DateOnly(year, month, day), PrintedDate.Readings(printed));

    [Fact]
    public void Keeps_both_readings_of_an_ambiguous_numeric_date() =>
        Assert.Equal(new[] { new DateOnly(2026, 4, 3), new DateOnly(2026, 3, 4) }, PrintedDate.Readings("03/04/2026"));

    [Theory]
    [InlineData("31/02/2026")]
    [InlineData("1234,56")]
    [InlineData("15 Foo 2026")]
    [InlineData("INV-2026-11")]
    public void Does_not_read_other_text_as_a_date(string printed) =>
        Assert.Empty(PrintedDate.Readings(printed));

    [Theory]
    [InlineData("Total TTC 1 234,56 €", 1234.56)]
    [InlineData("Gesamtbetrag 12 345 678,90 EUR", 12345678.90)]
    [InlineData("Total JPY 123 456", 123456)]
    public void Joins_an_amount_split_into_several_words(string row, decimal expected)
    {
        var text = InvoiceText.Of(TestPdfs.TextLayer(row));

        var found = text.FindAmount(expected);

        Assert.NotNull(found);
        Assert.True(found.WordCount > 1);
    }

    [Theory]
    [InlineData("Date : 15 novembre 2026")]
    [InlineData("Rechnungsdatum: 15. November 2026")]
    [InlineData("Invoice date: November 15, 2026")]
    [InlineData("Date:15/11/2026")]
    public void Joins_a_date_split_into_several_words(string row) =>
        Assert.NotNull(InvoiceText.Of(TestPdfs.TextLayer(row)).FindDate(new DateOnly(2026, 11, 15)));

    [Theory]
    [InlineData("IBAN : FR76 3000 6000 0112 3456 7890 189")]
    [InlineData("IBAN: FR7630006000011234567890189")]
    [InlineData("IBAN:FR76 3000 6000 0112 3456 7890 189 BIC: BNPAFRPP")]
    public void Finds_an_IBAN_printed_in_groups(string row)
    {
        var found = InvoiceText.Of(TestPdfs.TextLayer(row)).FindCompact("fr76 3000 6000 0112 3456 7890 189", looseToo: false);

        Assert.NotNull(found);
        Assert.StartsWith("FR76", found.Text);
    }

    [Fact]
    public void Does_not_join_words_far_apart_on_a_line()
    {
        var text = InvoiceText.Of(TestPdfs.TextLayer("Qty 2\t150,00"));

        Assert.Null(text.FindAmount(2150m));
        Assert.NotNull(text.FindAmount(150m));
    }

    [Theory]
    [InlineData("FA 2026/0012", "FA-2026-0012")]
    [InlineData("fa-2026-0012", "FA-2026-0012")]
    [InlineData("N°FA-2026-0012", "FA-2026-0012")]
    public void Finds_a_document_number_ignoring_spaces_case_and_separators(string printed, string number) =>
        Assert.NotNull(InvoiceText.Of(TestPdfs.TextLayer($"Facture {printed}")).FindCompact(number, looseToo: true));

    [Theory]
    [InlineData("FR7630006000011234567890189", true)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("FR7630006000011234567890188", false)]
    [InlineData("INV-003443", false)]
    public void Checks_IBAN_check_digits(string iban, bool valid) => Assert.Equal(valid, LuccaInbox.Web.Documents.BankDetails.IbanProblem(iban) is null);

    [Theory]
    [InlineData("INV-008443", "INV-003443", 2, 1)]
    [InlineData("INV-008443", "INV-08443", 2, 1)]
    [InlineData("INV-008443", "INV-993443", 1, null)]
    public void Counts_edits_up_to_a_limit(string first, string second, int limit, int? expected) =>
        Assert.Equal(expected, EditDistance.AtMost(first, second, limit));

    [Theory]
    [InlineData("1234.560")]
    [InlineData("1234.56")]
    [InlineData("-1234.5600")]
    public void Finds_an_amount_whatever_its_scale_or_sign(string amount) =>
        Assert.NotNull(InvoiceText.Of(TestPdfs.TextLayer("Total TTC 1 234,56 €"))
            .FindAmount(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
}
