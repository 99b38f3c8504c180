using System.Globalization;
using System.Numerics;

namespace LuccaInbox.Web.Documents;

/// <summary>IBAN (ISO 13616: country length + mod-97 checksum) and BIC (ISO 9362) checks for the form.</summary>
public static class BankDetails
{
    // IBAN lengths by country (SWIFT IBAN registry), for the countries AP teams meet most.
    private static readonly Dictionary<string, int> IbanLengths = new()
    {
        ["AD"] = 24, ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18,
        ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GR"] = 27, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22,
        ["IS"] = 26, ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MT"] = 31, ["NL"] = 18,
        ["NO"] = 15, ["PL"] = 28, ["PT"] = 25, ["RO"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["TR"] = 26,
    };

    public static string Compact(string iban) => new(iban.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());

    /// <summary>In groups of four, as printed: "FR76 3000 6000 0112 3456 7890 189"; null when blank.</summary>
    public static string? Grouped(string? iban) =>
        string.IsNullOrWhiteSpace(iban) ? null : string.Join(' ', Compact(iban).Chunk(4).Select(c => new string(c)));

    /// <returns>null when valid, else what is wrong.</returns>
    public static string? IbanProblem(string iban)
    {
        var compact = Compact(iban);
        if (compact.Length < 15 || compact.Length > 34) return "An IBAN has 15 to 34 characters.";
        if (!compact.All(char.IsAsciiLetterOrDigit)) return "An IBAN has only letters and digits.";
        if (!char.IsAsciiLetter(compact[0]) || !char.IsAsciiLetter(compact[1]) || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3]))
        {
            return "An IBAN starts with a country code and two check digits (e.g. FR76).";
        }
        var country = compact[..2];
        if (IbanLengths.TryGetValue(country, out var length) && compact.Length != length)
        {
            return $"A {country} IBAN has {length} characters, this one has {compact.Length}.";
        }
        var rearranged = compact[4..] + compact[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        return BigInteger.Parse(digits, CultureInfo.InvariantCulture) % 97 == 1 ? null : "The IBAN's check digits are wrong: a character is probably mistyped.";
    }

    public static string? BicProblem(string bic)
    {
        var value = bic.Trim().ToUpperInvariant();
        if (value.Length is not (8 or 11)) return "A BIC has 8 or 11 characters.";
        if (!value[..6].All(char.IsAsciiLetter)) return "A BIC starts with 4 letters (bank) and 2 letters (country).";
        return value[6..].All(char.IsAsciiLetterOrDigit) ? null : "A BIC has only letters and digits.";
    }
}
