using System.Globalization;
using LuccaInbox.Web.InvoiceCheck;
using Xunit.Abstractions;

namespace LuccaInbox.Tests.InvoiceCheck;

/// <summary>The goal the check is measured by: OCR misreads seeded into a correct form (one digit of the document number or
/// of the total including taxes, the document date 1 to 9 days off) are caught, and nothing else raises an alarm.</summary>
public class SeededMisreadTests(ITestOutputHelper output)
{
    // Digits OCR typically confuses.
    static readonly char[] LookAlike = ['8', '7', '7', '8', '1', '6', '5', '1', '3', '4'];

    internal static IEnumerable<(string Field, FormFacts Form)> Misreads(FormFacts correct)
    {
        var number = correct.Number!;
        for (var index = 0; index < number.Length; index++)
            if (char.IsAsciiDigit(number[index]))
                yield return (FieldKeys.DocumentNumber, correct with { Number = number[..index] + LookAlike[number[index] - '0'] + number[(index + 1)..] });

        var total = Math.Abs(correct.IncludingTaxes!.Value).ToString("F2", CultureInfo.InvariantCulture);
        for (var index = 0; index < total.Length; index++)
            if (char.IsAsciiDigit(total[index]) && !(index == 0 && LookAlike[total[index] - '0'] == '0'))
            {
                var misread = decimal.Parse(total[..index] + LookAlike[total[index] - '0'] + total[(index + 1)..], CultureInfo.InvariantCulture);
                yield return (FieldKeys.IncludingTaxes, correct with { IncludingTaxes = Math.Sign(correct.IncludingTaxes.Value) * misread });
            }

        foreach (var days in Enumerable.Range(1, 9).SelectMany(days => new[] { days, -days }))
            yield return (FieldKeys.DocumentDate, correct with { DocumentDate = correct.DocumentDate!.Value.AddDays(days) });
    }

    static InvoiceOriginal FacturXFor(SampleInvoice sample)
    {
        var form = sample.CorrectForm;
        var xml = SampleCii.Invoice(number: form.Number!, typeCode: form.Kind == InvoiceKind.CreditNote ? "381" : "380",
            issueDate: form.DocumentDate!.Value.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            dueDate: form.DueDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture), currency: form.Currency!, iban: form.Iban, bic: form.Bic,
            vatLines: string.Concat(form.VatLines.Select(line => SampleCii.VatLine(Invariant(line.RatePercent), "0", Invariant(Math.Abs(line.Amount!.Value))))),
            taxBasis: Invariant(Math.Abs(form.ExcludingTaxes!.Value)), taxTotals: "",
            grandTotal: Invariant(Math.Abs(form.IncludingTaxes!.Value)));
        return new InvoiceOriginal(OriginalKind.FacturX, CiiReader.TryRead(xml, out _), sample.TextLayer().Words, null);
    }

    static string Invariant(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Seeded_misreads_are_caught_without_false_alarms(bool facturX)
    {
        int seeded = 0, caught = 0;
        var missed = new List<string>();
        foreach (var sample in SampleInvoice.All)
        {
            var original = facturX ? FacturXFor(sample) : sample.TextLayer();
            Assert.DoesNotContain(FieldCheck.Compare(sample.CorrectForm, original), verdict => verdict.Verdict == Verdict.Differs);
            foreach (var (field, form) in Misreads(sample.CorrectForm))
            {
                var verdicts = FieldCheck.Compare(form, original);
                seeded++;
                if (verdicts.Single(verdict => verdict.Field == field).Verdict == Verdict.Differs)
                    caught++;
                else
                    missed.Add($"{sample.Name} {field} {form.Number} {form.IncludingTaxes} {form.DocumentDate}");
                Assert.DoesNotContain(verdicts, verdict => verdict.Field != field && verdict.Verdict == Verdict.Differs);
            }
        }

        output.WriteLine($"{(facturX ? "Factur-X" : "text")}: caught {caught} of {seeded} seeded misreads");
        missed.ForEach(output.WriteLine);
        Assert.True(caught >= (facturX ? seeded : 0.9 * seeded), $"caught {caught} of {seeded}");
    }
}
