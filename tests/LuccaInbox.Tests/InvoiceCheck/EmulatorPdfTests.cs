using System.Diagnostics;
using LuccaInbox.Emulator.Files;
using LuccaInbox.Emulator.Seeding;
using LuccaInbox.Web.InvoiceCheck;
using OriginalKind = LuccaInbox.Web.InvoiceCheck.OriginalKind;
using Xunit.Abstractions;

namespace LuccaInbox.Tests.InvoiceCheck;

/// <summary>The check against the originals the emulator serves: vector PDFs drawn by SkiaSharp, read back by PdfPig.</summary>
public class EmulatorPdfTests(ITestOutputHelper output)
{
    static FormFacts FormOf(PaperInvoice paper) => new(paper.Number,
        paper.DocumentKind == "CREDIT NOTE" ? InvoiceKind.CreditNote : InvoiceKind.Invoice, paper.Date, paper.DueDate, paper.Currency,
        paper.TotalExcludingTaxes, paper.TotalIncludingTaxes, [.. paper.Vat.Select(vat => new FormVatLine(vat.Rate, vat.Amount))],
        paper.SupplierIban, paper.SupplierBic);

    [Fact]
    public void Seeded_misreads_on_emulator_PDFs_are_caught_without_false_alarms()
    {
        var files = InvoiceSeeder.Generate(seed: 16, documents: 40, now: new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero)).Files
            .Where(file => file.Paper.DocumentKind != "DELIVERY NOTE").Take(25).ToList();
        int seeded = 0, caught = 0;
        var read = new Stopwatch();
        var compare = new Stopwatch();
        var compares = 0;
        foreach (var file in files)
        {
            var pdf = InvoicePageRenderer.RenderPdf(file);
            read.Start();
            var original = OriginalReader.Read(pdf);
            read.Stop();
            Assert.Equal(OriginalKind.TextLayer, original.Kind);
            var correct = FormOf(file.Paper);

            var verdicts = FieldCheck.Compare(correct, original);

            Assert.True(verdicts.All(verdict => verdict.Verdict != Verdict.Differs),
                $"{file.FileName}: {string.Join(", ", verdicts.Where(v => v.Verdict == Verdict.Differs))}");
            Assert.All(verdicts.Where(v => v.Field is "documentNumber" or "documentDate" or "includingTaxes"),
                verdict => Assert.Equal(Verdict.Matches, verdict.Verdict));
            foreach (var (field, form) in SeededMisreadTests.Misreads(correct))
            {
                compare.Start();
                var misreadVerdicts = FieldCheck.Compare(form, original);
                compare.Stop();
                compares++;
                seeded++;
                var verdict = misreadVerdicts.Single(v => v.Field == field);
                if (verdict.Verdict == Verdict.Differs)
                    caught++;
                else
                    output.WriteLine($"missed {file.FileName} {field}: {form.Number} {form.IncludingTaxes} {form.DocumentDate} ({verdict.Reason})");
                Assert.DoesNotContain(misreadVerdicts, v => v.Field != field && v.Verdict == Verdict.Differs);
            }
        }

        output.WriteLine($"{files.Count} emulator PDFs: caught {caught} of {seeded} seeded misreads; "
            + $"Read {read.Elapsed.TotalMilliseconds / files.Count:F1} ms per PDF, Compare {compare.Elapsed.TotalMilliseconds / compares:F3} ms");
        Assert.True(caught >= 0.9 * seeded, $"caught {caught} of {seeded}");
    }
}
