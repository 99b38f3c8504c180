using System.Globalization;
using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.Documents;

/// <summary>Amount text as AP staff type it: "1234.56", "1234,56" or "1 234,56". One decimal separator, no grouping commas.</summary>
public static class Money
{
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>For an input: the currency's decimals, more only if the value has them (nothing Lucca sent is hidden).</summary>
    public static string Format(decimal? value, string? currency, CultureInfo culture)
    {
        if (value is null) return "";
        var decimals = Currencies.Decimals(currency);
        var pattern = (decimals == 0 ? "0." : "0." + new string('0', decimals)) + "####";
        return value.Value.ToString(pattern, culture);
    }

    public static string Display(decimal? value, string? currency, CultureInfo culture)
    {
        if (value is null) return "";
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.NumberDecimalDigits = Currencies.Decimals(currency);
        return value.Value.ToString("N", format) + (currency is null ? "" : "\u00a0" + currency);
    }

    /// <returns>true with the value (null for empty text), or false with a message.</returns>
    public static bool TryParse(string? text, string? currency, out decimal? value, out string? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var compact = new string(text.Where(c => c is not (' ' or '\u00a0' or '\u202f' or '\'')).ToArray());
        if (compact.Count(c => c is '.' or ',') > 1)
        {
            problem = "Use one decimal separator and no thousands separator, e.g. 1234.56.";
            return false;
        }
        compact = compact.Replace(',', '.');
        if (compact.Length > 20 || !decimal.TryParse(compact, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
        {
            problem = "Enter a number, e.g. 1234.56.";
            return false;
        }
        if (parsed < 0)
        {
            problem = "Amounts are positive; a credit is entered with the type Credit note.";
            return false;
        }
        if (parsed > MaxAmount)
        {
            problem = "This amount is too large.";
            return false;
        }
        var decimals = Currencies.Decimals(currency);
        if (Scale(parsed) > decimals && parsed != Math.Round(parsed, decimals))
        {
            problem = decimals == 0 ? $"{currency} amounts have no decimals." : $"At most {decimals} decimals for {currency ?? "this currency"}.";
            return false;
        }
        value = parsed;
        return true;
    }

    private static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;
}
