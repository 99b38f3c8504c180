using System.Globalization;

namespace LuccaInbox.Emulator.Seeding;

/// <summary>What was extracted from a paper: nothing when OCR has not run or failed; otherwise its number, dates and,
/// when <paramref name="Amounts"/> is true, its amounts, the total incl. tax off by <paramref name="InclDelta"/>.</summary>
internal sealed record Reading(string? Number, DateOnly? Date, DateOnly? Due, bool Amounts, decimal InclDelta);

/// <summary>What OCR (or the person keying it) extracted from a paper, misreads included.</summary>
internal sealed class PaperReader(Random rnd)
{
    /// <summary>A misread changes one thing: a digit of the number or of the total, or the date by a few days.</summary>
    public Reading Read(PaperInvoice paper, string ocrStatus, bool misread)
    {
        if (ocrStatus is not ("Processed" or "NotApplicable"))
        {
            return new Reading(null, null, null, false, 0m);
        }

        var reading = new Reading(paper.Number, paper.Date, paper.DueDate, true, 0m);
        return !misread ? reading : rnd.Next(3) switch
        {
            0 => reading with { Number = Misread(paper.Number) },
            1 => reading with { InclDelta = Misread(paper.TotalIncludingTaxes, paper.Currency) - paper.TotalIncludingTaxes },
            _ => reading with { Date = paper.Date.AddDays((rnd.Next(2) == 0 ? -1 : 1) * rnd.Next(1, 10)) },
        };
    }

    private string Misread(string number) => MisreadOneDigit(number, (_, _) => true);

    private decimal Misread(decimal amount, string currency)
    {
        var text = amount.ToString(InvoiceSeeder.DecimalsOf(currency) == 0 ? "F0" : "F2", CultureInfo.InvariantCulture);
        var misread = decimal.Parse(MisreadOneDigit(text, (at, length) => at > 0 || length < 4), CultureInfo.InvariantCulture);
        return misread > 0 ? misread : amount + 1;
    }

    /// <summary>Replaces one digit, among those <paramref name="eligible"/> (position, text length), by a look-alike.</summary>
    private string MisreadOneDigit(string text, Func<int, int, bool> eligible)
    {
        var chars = text.ToCharArray();
        var digits = Enumerable.Range(0, chars.Length).Where(k => char.IsAsciiDigit(chars[k]) && eligible(k, chars.Length)).ToArray();
        var at = digits[rnd.Next(digits.Length)];
        chars[at] = LookAlike(chars[at]);
        return new string(chars);
    }

    private static char LookAlike(char digit) => "8778965134"[digit - '0'];
}
