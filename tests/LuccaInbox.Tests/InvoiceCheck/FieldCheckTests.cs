using LuccaInbox.Web.InvoiceCheck;

namespace LuccaInbox.Tests.InvoiceCheck;

public class FieldCheckTests
{
    static readonly FormFacts EnglishForm = SampleInvoice.English.CorrectForm;

    static InvoiceOriginal FacturX(string? xml = null, SampleInvoice? printed = null) =>
        new(OriginalKind.FacturX, CiiReader.TryRead(xml ?? SampleCii.Invoice(), out _), (printed ?? SampleInvoice.English).TextLayer().Words, null);

    static FieldVerdict FieldOf(IReadOnlyList<FieldVerdict> verdicts, string field) => verdicts.Single(verdict => verdict.Field == field);

    [Fact]
    public void Factur_X_values_equal_to_the_form_match_and_are_located_on_the_page()
    {
        var verdicts = FieldCheck.Compare(EnglishForm with { Currency = "EUR", Bic = "BNPAFRPP", Iban = "FR76 3000 6000 0112 3456 7890 189" }, FacturX());

        Assert.All(verdicts.Where(v => v.Field is not ("type" or "currency")), v => Assert.Equal(Verdict.Matches, v.Verdict));
        Assert.Equal(Verdict.Matches, FieldOf(verdicts, "type").Verdict);
        var number = FieldOf(verdicts, "documentNumber");
        Assert.Equal(FieldVerdict.FromFacturX, number.Reason);
        Assert.Equal("INV-003443", number.InvoiceValue);
        Assert.NotNull(number.Where);
        Assert.Equal("£1,234.56", FieldOf(verdicts, "includingTaxes").InvoiceValue);
    }

    [Fact]
    public void A_misread_document_number_differs_from_the_Factur_X_data_with_its_value()
    {
        var verdict = FieldOf(FieldCheck.Compare(EnglishForm with { Number = "INV-008443" }, FacturX()), "documentNumber");

        Assert.Equal(Verdict.Differs, verdict.Verdict);
        Assert.Equal("INV-003443", verdict.InvoiceTypedValue);
        Assert.Equal(FieldVerdict.FromFacturX, verdict.Reason);
        Assert.Equal(1, verdict.Where?.Page);
    }

    [Theory]
    [InlineData("includingTaxes")]
    [InlineData("documentDate")]
    [InlineData("dueDate")]
    [InlineData("iban")]
    public void An_empty_form_field_differs_when_the_Factur_X_data_has_a_value(string field)
    {
        var form = new FormFacts(null, null, null, null, null, null, null, [], null, null);

        var verdict = FieldOf(FieldCheck.Compare(form, FacturX()), field);

        Assert.Equal(Verdict.Differs, verdict.Verdict);
        Assert.NotNull(verdict.InvoiceTypedValue);
    }

    [Fact]
    public void A_field_the_Factur_X_data_lacks_is_not_found_with_a_reason()
    {
        var verdicts = FieldCheck.Compare(EnglishForm, FacturX(SampleCii.Invoice(dueDate: null, iban: null)));

        Assert.Equal("the Factur-X data has no due date", FieldOf(verdicts, "dueDate").Reason);
        Assert.Equal(Verdict.NotFound, FieldOf(verdicts, "iban").Verdict);
    }

    [Fact]
    public void A_credit_note_compares_absolute_amounts_and_keeps_the_forms_sign_when_filling_it()
    {
        var cii = FacturX(SampleCii.Invoice(typeCode: "381", taxBasis: "100.00", grandTotal: "120.00", vatLines: SampleCii.VatLine("20", "100.00", "20.00")));
        var form = EnglishForm with { Kind = InvoiceKind.CreditNote, ExcludingTaxes = -100m, IncludingTaxes = -121m, VatLines = [new FormVatLine(20m, -20m)] };

        var verdicts = FieldCheck.Compare(form, cii);

        Assert.Equal(Verdict.Matches, FieldOf(verdicts, "type").Verdict);
        Assert.Equal(Verdict.Matches, FieldOf(verdicts, "excludingTaxes").Verdict);
        Assert.Equal(Verdict.Matches, FieldOf(verdicts, "taxes[0]").Verdict);
        Assert.Equal(-120m, FieldOf(verdicts, "includingTaxes").InvoiceTypedValue);
    }

    [Fact]
    public void VAT_lines_are_paired_by_rate_then_by_position()
    {
        var lines = SampleCii.VatLine("5.5", "100.00", "5.50") + SampleCii.VatLine("20", "1000.00", "200.00") + SampleCii.VatLine("10", "10.00", "1.00");
        var form = EnglishForm with { VatLines = [new FormVatLine(20m, 200m), new FormVatLine(5.5m, 5.05m)] };

        var verdicts = FieldCheck.Compare(form, FacturX(SampleCii.Invoice(vatLines: lines)));

        Assert.Equal(Verdict.Matches, FieldOf(verdicts, "taxes[0]").Verdict);
        Assert.Equal((Verdict.Differs, 5.50m), (FieldOf(verdicts, "taxes[1]").Verdict, FieldOf(verdicts, "taxes[1]").InvoiceTypedValue));
        Assert.Equal((Verdict.Differs, 1.00m), (FieldOf(verdicts, "taxes[2]").Verdict, FieldOf(verdicts, "taxes[2]").InvoiceTypedValue));
    }

    [Theory]
    [MemberData(nameof(SampleInvoice.Names), MemberType = typeof(SampleInvoice))]
    public void A_correct_form_raises_no_alarm_against_the_invoice_text(string invoice)
    {
        var sample = SampleInvoice.Named(invoice);

        var verdicts = FieldCheck.Compare(sample.CorrectForm, sample.TextLayer());

        Assert.DoesNotContain(verdicts, verdict => verdict.Verdict == Verdict.Differs);
        string[] printedEverywhere = ["documentNumber", "type", "documentDate", "currency", "excludingTaxes", "includingTaxes", "taxes[0]"];
        Assert.All(printedEverywhere, field => Assert.Equal(Verdict.Matches, FieldOf(verdicts, field).Verdict));
        Assert.All(verdicts.Where(v => v.Verdict == Verdict.Matches && v.Field != "type"), v => Assert.NotNull(v.Where));
    }

    [Theory]
    [InlineData("documentNumber", "FA-2026-0487", "FA-2026-0457")]
    [InlineData("includingTaxes", "1284.56", "1234.56")]
    [InlineData("excludingTaxes", "1028.30", "1028.80")]
    [InlineData("documentDate", "2026-11-18", "2026-11-15")]
    [InlineData("dueDate", "2026-12-13", "2026-12-15")]
    [InlineData("iban", "FR7630006000011234567890198", "FR7630006000011234567890189")]
    public void A_clear_near_miss_in_the_invoice_text_differs_with_the_printed_value(string field, string formValue, string invoiceValue)
    {
        var form = SampleInvoice.French.CorrectForm;
        form = field switch
        {
            "documentNumber" => form with { Number = formValue },
            "includingTaxes" => form with { IncludingTaxes = decimal.Parse(formValue, System.Globalization.CultureInfo.InvariantCulture) },
            "excludingTaxes" => form with { ExcludingTaxes = decimal.Parse(formValue, System.Globalization.CultureInfo.InvariantCulture) },
            "documentDate" => form with { DocumentDate = DateOnly.Parse(formValue, System.Globalization.CultureInfo.InvariantCulture) },
            "dueDate" => form with { DueDate = DateOnly.Parse(formValue, System.Globalization.CultureInfo.InvariantCulture) },
            _ => form with { Iban = formValue },
        };

        var verdict = FieldOf(FieldCheck.Compare(form, SampleInvoice.French.TextLayer()), field);

        Assert.Equal(Verdict.Differs, verdict.Verdict);
        Assert.Equal(FieldVerdict.FromText, verdict.Reason);
        Assert.Equal(invoiceValue, Convert.ToString(verdict.InvoiceTypedValue switch
        {
            DateOnly date => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            var other => other,
        }, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(verdict.Where);
    }

    [Fact]
    public void The_total_is_the_printed_base_plus_VAT_when_no_amount_is_one_digit_off()
    {
        var verdict = FieldOf(FieldCheck.Compare(SampleInvoice.French.CorrectForm with { IncludingTaxes = 1243.65m }, SampleInvoice.French.TextLayer()), "includingTaxes");

        Assert.Equal((Verdict.Differs, 1234.56m), (verdict.Verdict, verdict.InvoiceTypedValue));
    }

    [Theory]
    [InlineData("documentNumber")]
    [InlineData("includingTaxes")]
    [InlineData("documentDate")]
    [InlineData("iban")]
    public void A_value_far_from_anything_printed_is_not_found(string field)
    {
        var form = field switch
        {
            "documentNumber" => EnglishForm with { Number = "XYZ-999999" },
            "includingTaxes" => EnglishForm with { IncludingTaxes = 987.65m, ExcludingTaxes = null },
            "documentDate" => EnglishForm with { DocumentDate = new DateOnly(2025, 3, 1) },
            _ => EnglishForm with { Iban = "DE89370400440532013000" },
        };

        var verdict = FieldOf(FieldCheck.Compare(form, SampleInvoice.English.TextLayer()), field);

        Assert.Equal((Verdict.NotFound, FieldVerdict.NotInText), (verdict.Verdict, verdict.Reason));
    }

    [Fact]
    public void Two_different_near_misses_are_no_clear_evidence()
    {
        var original = TestPdfs.TextLayer("Facture FA-2026-0457", "Commande FA-2026-0451");

        var verdict = FieldOf(FieldCheck.Compare(EnglishForm with { Number = "FA-2026-0454" }, original), "documentNumber");

        Assert.Equal(Verdict.NotFound, verdict.Verdict);
    }

    [Fact]
    public void An_unlabelled_date_a_few_days_off_is_no_clear_evidence()
    {
        var original = TestPdfs.TextLayer("Invoice INV-003443", "Shipped 12/11/2026");

        var verdict = FieldOf(FieldCheck.Compare(EnglishForm, original), "documentDate");

        Assert.Equal(Verdict.NotFound, verdict.Verdict);
    }

    [Theory]
    [InlineData(OriginalKind.ImageOnly, "image-only scan: no text to compare with")]
    [InlineData(OriginalKind.Unreadable, "not a PDF file")]
    public void Without_text_every_field_is_not_found_with_the_originals_problem(OriginalKind kind, string problem)
    {
        var verdicts = FieldCheck.Compare(EnglishForm, new InvoiceOriginal(kind, null, [], problem));

        Assert.Equal(10, verdicts.Count);
        Assert.All(verdicts, verdict => Assert.Equal((Verdict.NotFound, problem), (verdict.Verdict, verdict.Reason)));
    }

    [Theory]
    [InlineData("Rechnungsdatum: 15.11.2026", "Lieferdatum: 12.11.2026")]
    [InlineData("Lieferdatum: 12.11.2026", "Rechnungsdatum: 15.11.2026")]
    public void The_delivery_date_taken_for_the_invoice_date_differs(string firstRow, string secondRow)
    {
        var original = TestPdfs.TextLayer("Rechnung RE-10457", firstRow, secondRow);

        var verdict = FieldOf(FieldCheck.Compare(EnglishForm with { DocumentDate = new DateOnly(2026, 11, 12) }, original), "documentDate");

        Assert.Equal((Verdict.Differs, new DateOnly(2026, 11, 15)), (verdict.Verdict, verdict.InvoiceTypedValue));
    }

    [Theory]
    [InlineData("Date\tÉchéance", "15/11/2026\t15/12/2026")]
    [InlineData("Invoice date: 15/11/2026", "Delivery date: 15/11/2026")]
    [InlineData("Delivery: 15/11/2026", "Total 1 234,56")]
    public void A_correct_date_matches_whatever_else_is_printed_near_it(string firstRow, string secondRow)
    {
        var original = TestPdfs.TextLayer(firstRow, secondRow);

        var verdict = FieldOf(FieldCheck.Compare(EnglishForm with { DocumentDate = new DateOnly(2026, 11, 15) }, original), "documentDate");

        Assert.Equal(Verdict.Matches, verdict.Verdict);
    }
}
