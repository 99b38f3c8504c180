using System.Diagnostics;
using LuccaInbox.Web.InvoiceCheck;
using UglyToad.PdfPig.Writer;
using Xunit.Abstractions;

namespace LuccaInbox.Tests.InvoiceCheck;

public class OriginalReaderTests(ITestOutputHelper output)
{
    static readonly string[] EnglishLines =
        ["INVOICE", "Invoice No: INV-003443", "Invoice Date: November 15, 2026", "Total 1 234,56 EUR", "IBAN FR76 3000 6000 0112 3456 7890 189"];

    [Fact]
    public void Reads_the_words_of_a_text_PDF_with_their_place_from_the_top_left()
    {
        var pdf = TestPdfs.Text([(50, 792, "Invoice INV-003443"), (400, 100, "Total 1234.56")]);

        var original = OriginalReader.Read(pdf);

        Assert.Equal(OriginalKind.TextLayer, original.Kind);
        Assert.Null(original.Problem);
        Assert.Equal(["Invoice", "INV-003443", "Total", "1234.56"], original.Words.Select(word => word.Text));
        var invoice = original.Words[0].Box;
        Assert.Equal(1, invoice.Page);
        Assert.Equal(50 / TestPdfs.A4Width, invoice.Left, 2);
        Assert.InRange(invoice.Top, 0.04, 0.06);    // 792 pt up from the bottom of an 842 pt page, less the letters' height
        Assert.InRange(invoice.Bottom, 0.055, 0.07);  // the baseline
        var total = original.Words[3].Box;
        Assert.True(total.Left > 0.67 && total.Top > 0.85 && total.Bottom < 0.9);
    }

    [Fact]
    public void Numbers_the_pages_from_one_and_reads_at_most_twenty()
    {
        var pages = Enumerable.Range(1, 22).Select(page => new[] { (50.0, 700.0, $"Page{page}") }).ToArray();

        var original = OriginalReader.Read(TestPdfs.Text(pages));

        Assert.Equal(OriginalReader.MaxPages, original.Words.Count);
        Assert.Equal((2, "Page2"), (original.Words[1].Box.Page, original.Words[1].Text));
    }

    [Theory]
    [InlineData("factur-x.xml")]
    [InlineData("ZUGFeRD-invoice.xml")]
    [InlineData("zugferd-invoice.xml")]
    [InlineData("xrechnung.xml")]
    [InlineData("attachment.xml")]
    public void Picks_up_the_embedded_Factur_X_data_and_keeps_the_words(string fileName)
    {
        var original = OriginalReader.Read(TestPdfs.WithEmbeddedFile(fileName, SampleCii.Invoice(), EnglishLines));

        Assert.Equal(OriginalKind.FacturX, original.Kind);
        Assert.Equal("INV-003443", original.Cii?.Number);
        Assert.Contains(original.Words, word => word.Text == "INV-003443");
    }

    [Fact]
    public void A_misread_on_a_Factur_X_PDF_differs_and_points_at_the_printed_value()
    {
        var original = OriginalReader.Read(TestPdfs.WithEmbeddedFile("factur-x.xml", SampleCii.Invoice(), EnglishLines));
        var form = SampleInvoice.English.CorrectForm with { Number = "INV-008443", Currency = "EUR" };

        var verdict = FieldCheck.Compare(form, original).Single(verdict => verdict.Field == "documentNumber");

        Assert.Equal((Verdict.Differs, "INV-003443", FieldVerdict.FromFacturX), (verdict.Verdict, verdict.InvoiceTypedValue, verdict.Reason));
        Assert.NotNull(verdict.Where);
        Assert.InRange(verdict.Where.Top, 0.06, 0.09);    // the second line of the page
    }

    [Fact]
    public void Broken_Factur_X_data_falls_back_to_the_text_layer_and_says_so()
    {
        var original = OriginalReader.Read(TestPdfs.WithEmbeddedFile("factur-x.xml", "<rsm:CrossIndustryInvoice", EnglishLines));

        Assert.Equal(OriginalKind.TextLayer, original.Kind);
        Assert.Null(original.Cii);
        Assert.Contains("broken Factur-X data", original.Problem);
        Assert.NotEmpty(original.Words);
    }

    [Fact]
    public void Another_embedded_file_is_not_Factur_X_data()
    {
        var original = OriginalReader.Read(TestPdfs.WithEmbeddedFile("notes.xml", "<notes/>", EnglishLines));

        Assert.Equal((OriginalKind.TextLayer, null), (original.Kind, original.Problem));
    }

    [Fact]
    public void A_PDF_without_text_is_an_image_only_scan()
    {
        var builder = new PdfDocumentBuilder();
        builder.AddPage(TestPdfs.A4Width, TestPdfs.A4Height).DrawRectangle(new UglyToad.PdfPig.Core.PdfPoint(50, 50), 200, 100);

        var original = OriginalReader.Read(builder.Build());

        Assert.Equal((OriginalKind.ImageOnly, OriginalReader.ImageOnlyProblem), (original.Kind, original.Problem));
        Assert.Empty(original.Words);
    }

    [Theory]
    [InlineData("")]
    [InlineData("PK\u0003\u0004 this is a zip file")]
    [InlineData("%PDF-1.7\n garbage that is no PDF at all")]
    public void Garbage_is_unreadable_without_throwing(string content)
    {
        var original = OriginalReader.Read(System.Text.Encoding.Latin1.GetBytes(content));

        Assert.Equal(OriginalKind.Unreadable, original.Kind);
        Assert.False(string.IsNullOrWhiteSpace(original.Problem));
    }

    [Fact]
    public void A_truncated_PDF_is_unreadable_or_partly_read_without_throwing()
    {
        var pdf = TestPdfs.Text([(50, 792, "Invoice INV-003443")]);

        var original = OriginalReader.Read(pdf[..(pdf.Length / 2)]);

        Assert.NotNull(original);
    }

    [Fact]
    public void A_four_page_invoice_is_read_and_compared_with_its_form_the_same_way_every_time()
    {
        var rows = SampleInvoice.French.Rows;
        var pages = Enumerable.Range(0, 4).Select(page => Enumerable.Range(0, 60)
            .Select(line => (50.0, 800.0 - line * 12, AsciiOnly(rows[line % rows.Length]))).ToArray()).ToArray();
        var pdf = TestPdfs.Text(pages);
        OriginalReader.Read(pdf);

        var read = Stopwatch.StartNew();
        var original = OriginalReader.Read(pdf);
        read.Stop();
        var misread = SampleInvoice.French.CorrectForm with { Number = "FA-2026-0487", IncludingTaxes = 1284.56m, DocumentDate = new DateOnly(2026, 11, 18) };
        Assert.DoesNotContain(FieldCheck.Compare(SampleInvoice.French.CorrectForm, original), verdict => verdict.Verdict == Verdict.Differs);
        Assert.Equal(3, FieldCheck.Compare(misread, original).Count(verdict => verdict.Verdict == Verdict.Differs));
        const int Runs = 200;
        var compare = Stopwatch.StartNew();
        for (var run = 0; run < Runs; run++)
            FieldCheck.Compare(run % 2 == 0 ? SampleInvoice.French.CorrectForm : misread, original);
        compare.Stop();

        var compareMilliseconds = compare.Elapsed.TotalMilliseconds / Runs;
        // Reported, not asserted: times are promised by the benchmark (--only-invoice-check), which writes them to
        // bench-results.json; a bound here failed on a CI runner busy with the browser tests (10.6 ms against 10).
        output.WriteLine($"{original.Words.Count} words on 4 pages: Read {read.Elapsed.TotalMilliseconds:F1} ms, Compare {compareMilliseconds:F3} ms");
    }

    // PdfPig's standard fonts write only a few characters beyond ASCII; a table's tab becomes a wide gap.
    static string AsciiOnly(string row) =>
        row.Replace("\t", "      ").Replace('é', 'e').Replace('è', 'e').Replace("°", "o").Replace("€", "EUR");
}
