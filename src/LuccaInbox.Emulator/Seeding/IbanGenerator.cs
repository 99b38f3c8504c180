namespace LuccaInbox.Emulator.Seeding;

/// <summary>
/// Generates syntactically valid bank accounts: IBANs with correct ISO 13616 mod-97 check digits,
/// the right length per country and, where cheap to do, the national check digits too (FR RIB key,
/// ES control digits, BE check). BICs come from a small table of real bank identifiers, paired with
/// the matching national bank code; the account numbers themselves are random.
/// </summary>
internal static class IbanGenerator
{
    /// <summary>Total IBAN length per supported country.</summary>
    public static readonly IReadOnlyDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["FR"] = 27, ["DE"] = 22, ["GB"] = 22, ["CH"] = 21, ["ES"] = 24,
        ["IT"] = 27, ["BE"] = 16, ["NL"] = 18, ["SE"] = 24,
    };

    // National bank code as it appears in the BBAN, and the bank's BIC (8 or 11 characters).
    private static readonly Dictionary<string, (string Code, string Bic)[]> Banks = new()
    {
        ["FR"] = [("30004", "BNPAFRPP"), ("30003", "SOGEFRPP"), ("30002", "CRLYFRPP"), ("10278", "CMCIFR2A")],
        ["DE"] = [("37040044", "COBADEFFXXX"), ("10070000", "DEUTDEBBXXX"), ("50010517", "INGDDEFFXXX"), ("70020270", "HYVEDEMMXXX")],
        ["GB"] = [("BARC", "BARCGB22"), ("NWBK", "NWBKGB2L"), ("LOYD", "LOYDGB2L"), ("HBUK", "HBUKGB4B")],
        ["CH"] = [("00230", "UBSWCHZH80A"), ("04835", "CRESCHZZ80A"), ("00700", "ZKBKCHZZ80A")],
        ["ES"] = [("2100", "CAIXESBBXXX"), ("0049", "BSCHESMMXXX"), ("0182", "BBVAESMMXXX")],
        ["IT"] = [("03069", "BCITITMM"), ("02008", "UNCRITMMXXX"), ("05034", "BAPPIT22")],
        ["BE"] = [("001", "GEBABEBB"), ("310", "BBRUBEBB"), ("734", "KREDBEBB")],
        ["NL"] = [("INGB", "INGBNL2A"), ("ABNA", "ABNANL2A"), ("RABO", "RABONL2U")],
        ["SE"] = [("500", "ESSESESS"), ("800", "SWEDSESS"), ("600", "HANDSESS")],
    };

    public static (string Iban, string Bic) Generate(Random random, string country)
    {
        if (!Banks.TryGetValue(country, out var banks))
        {
            throw new ArgumentOutOfRangeException(nameof(country), country, "Unsupported IBAN country.");
        }

        var (code, bic) = banks[random.Next(banks.Length)];
        var bban = country switch
        {
            "FR" => FrenchBban(random, code),
            "ES" => SpanishBban(random, code),
            "BE" => BelgianBban(random, code),
            "IT" => (char)('A' + random.Next(26)) + code + Digits(random, 5) + Digits(random, 12),
            "GB" => code + Digits(random, 6) + Digits(random, 8),
            "DE" or "NL" => code + Digits(random, 10),
            "CH" => code + Digits(random, 12),
            _ => code + Digits(random, 17), // SE
        };
        return (Compose(country, bban), bic);
    }

    /// <summary>Prefixes a BBAN with the country code and the computed mod-97 check digits.</summary>
    public static string Compose(string country, string bban)
    {
        var check = 98 - Mod97(bban + country + "00");
        return country + check.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + bban;
    }

    /// <summary>True when the IBAN (without spaces) has the right length and a valid checksum.</summary>
    public static bool IsValid(string iban) =>
        iban.Length >= 5 && Lengths.TryGetValue(iban[..2], out var length) && iban.Length == length
        && iban.All(char.IsAsciiLetterOrDigit) && Mod97(iban[4..] + iban[..4]) == 1;

    /// <summary>Groups an IBAN in blocks of four characters, as printed on invoices.</summary>
    public static string Format(string iban) =>
        string.Join(' ', iban.Chunk(4).Select(chunk => new string(chunk)));

    /// <summary>The ISO 7064 mod-97 remainder of digits and letters (A = 10 … Z = 35), as IBAN check digits use it.</summary>
    public static int Mod97(string text)
    {
        var remainder = 0;
        foreach (var c in text)
        {
            remainder = char.IsAsciiDigit(c)
                ? (remainder * 10 + (c - '0')) % 97
                : (remainder * 100 + (char.ToUpperInvariant(c) - 'A' + 10)) % 97;
        }

        return remainder;
    }

    private static string Digits(Random random, int count)
    {
        Span<char> digits = stackalloc char[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + random.Next(10));
        }

        return new string(digits);
    }

    // Bank (5) + branch (5) + account (11) + RIB key (2): key = 97 - (89*bank + 15*branch + 3*account) mod 97.
    private static string FrenchBban(Random random, string bank)
    {
        var branch = Digits(random, 5);
        var account = Digits(random, 11);
        var sum = (89 * long.Parse(bank) + 15 * long.Parse(branch) + 3 * long.Parse(account)) % 97;
        return $"{bank}{branch}{account}{97 - sum:00}";
    }

    // Bank (4) + branch (4) + two control digits + account (10).
    private static string SpanishBban(Random random, string bank)
    {
        var branch = Digits(random, 4);
        var account = Digits(random, 10);
        return $"{bank}{branch}{SpanishControl("00" + bank + branch)}{SpanishControl(account)}{account}";
    }

    private static int SpanishControl(string tenDigits)
    {
        ReadOnlySpan<int> weights = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += (tenDigits[i] - '0') * weights[i];
        }

        var digit = 11 - sum % 11;
        return digit switch { 11 => 0, 10 => 1, _ => digit };
    }

    // Bank (3) + account (7) + check (2) = first ten digits mod 97, with 0 written as 97.
    private static string BelgianBban(Random random, string bank)
    {
        var first10 = bank + Digits(random, 7);
        var check = long.Parse(first10) % 97;
        return $"{first10}{(check == 0 ? 97 : check):00}";
    }
}
