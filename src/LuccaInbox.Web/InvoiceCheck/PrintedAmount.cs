using System.Globalization;
using System.Text.RegularExpressions;

namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>Reads an amount the way invoices print it: 1 234,56 · 1.234,56 · 1,234.56 · 1'234.50 · (1,234.56) · €1,234.56 · 123,456 (JPY).</summary>
/// <param name="Values">Absolute values this text can mean ("1.234" is 1234 or 1.234): a sign never matters, credit notes print both.</param>
/// <param name="LooksLikeMoney">It has cents, a thousands separator or a currency mark, so it is not just any integer (a year, a postcode).</param>
internal sealed record PrintedAmount(IReadOnlyList<decimal> Values, bool LooksLikeMoney)
{
    static readonly string[] CurrencyMarks = ["SFr.", "Fr.", "CHF", "EUR", "USD", "GBP", "JPY", "CAD", "€", "$", "£", "¥", "￥", "円"];

    static readonly Regex Grouped = new(@"^(?<int>\d{1,3}(?<sep>[ .,'’])\d{3}(?:\k<sep>\d{3})*)(?:(?<dec>[.,])(?<cents>\d{1,2}))?$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);
    static readonly Regex Plain = new(@"^(?<int>\d+)(?:[.,](?<cents>\d{1,2}))?$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static PrintedAmount? Parse(string printed)
    {
        var text = Spaces.Normalise(printed).Trim().TrimEnd(':', ';', '*');
        var hasCurrency = false;
        text = StripSign(text);
        foreach (var mark in CurrencyMarks)
        {
            if (text.StartsWith(mark, StringComparison.OrdinalIgnoreCase)) { text = text[mark.Length..].TrimStart(); hasCurrency = true; }
            if (text.EndsWith(mark, StringComparison.OrdinalIgnoreCase)) { text = text[..^mark.Length].TrimEnd(); hasCurrency = true; }
        }
        text = StripSign(text);
        // Swiss round amounts: "1'234.–"
        if (text.EndsWith(".-", StringComparison.Ordinal) || text.EndsWith(".–", StringComparison.Ordinal))
            text = text[..^2];
        if (text.Length == 0 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[^1]))
            return null;

        var grouped = Grouped.Match(text);
        if (grouped.Success && grouped.Groups["dec"].Value != grouped.Groups["sep"].Value)
        {
            var integer = grouped.Groups["int"].Value.Where(char.IsAsciiDigit).ToArray();
            var values = new List<decimal> { Number(new string(integer), grouped.Groups["cents"].Value) };
            var separator = grouped.Groups["sep"].Value;
            var separatorCount = grouped.Groups["int"].Value.Count(c => c.ToString() == separator);
            if (!grouped.Groups["cents"].Success && separatorCount == 1 && separator is "." or ",")
                values.Add(decimal.Parse(text.Replace(',', '.'), CultureInfo.InvariantCulture));
            return new PrintedAmount(values, LooksLikeMoney: true);
        }

        var plain = Plain.Match(text);
        if (!plain.Success || plain.Groups["int"].Value.Length > 15)
            return null;
        return new PrintedAmount([Number(plain.Groups["int"].Value, plain.Groups["cents"].Value)],
            LooksLikeMoney: hasCurrency || plain.Groups["cents"].Success);
    }

    static string StripSign(string text)
    {
        if (text.StartsWith('(') && text.EndsWith(')'))
            text = text[1..^1].Trim();
        return text.Trim().TrimStart('-', '−', '+').TrimEnd('-', '−').Trim();
    }

    static decimal Number(string integer, string cents) =>
        decimal.Parse(cents.Length == 0 ? integer : $"{integer}.{cents}", CultureInfo.InvariantCulture);

    /// <summary>Same digits but one, written with cents: 1 284,56 against 1 234,56.</summary>
    public static bool DiffersInOneDigit(decimal first, decimal second)
    {
        // Cheap test first: one digit apart means a difference of 1 to 9 times a power of ten, in cents.
        var cents = Math.Abs(Math.Abs(first) - Math.Abs(second)) * 100;
        if (cents == 0 || cents != decimal.Truncate(cents))
            return false;
        while (cents % 10 == 0)
            cents /= 10;
        if (cents > 9)
            return false;
        var a = Math.Abs(first).ToString("F2", CultureInfo.InvariantCulture);
        var b = Math.Abs(second).ToString("F2", CultureInfo.InvariantCulture);
        return a.Length == b.Length && a.Zip(b).Count(pair => pair.First != pair.Second) == 1;
    }

    public static bool SameToTheCent(decimal first, decimal second) =>
        Math.Round(Math.Abs(first), 2) == Math.Round(Math.Abs(second), 2);
}

internal static class Spaces
{
    /// <summary>NBSP, narrow NBSP and thin spaces as plain spaces.</summary>
    public static string Normalise(string text) =>
        text.Replace('\u00A0', ' ').Replace('\u202F', ' ').Replace('\u2009', ' ').Replace('\u2007', ' ');
}
