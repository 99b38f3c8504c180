using System.Globalization;

namespace LuccaInbox.Emulator.Seeding;

/// <summary>
/// Realistic VAT numbers with the national check digits, derived from the supplier id alone (so adding them does not
/// shift the seeded random sequence). US and JP suppliers have none.
/// </summary>
internal static class VatNumbers
{
    /// <summary>The supplier's legal identifier (the SIREN for a French company; null elsewhere) and its VAT number.</summary>
    public static (string? Identifier, string? VatNumber) For(int supplierId, string country)
    {
        var random = new Random(supplierId * 7919);
        string Digits(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => random.Next(10).ToString(CultureInfo.InvariantCulture)));
        switch (country)
        {
            case "FR":
                var siren = WithLuhn((random.Next(1, 10) + Digits(7)));
                var key = (12 + 3 * (long.Parse(siren, CultureInfo.InvariantCulture) % 97)) % 97;
                return (siren, $"FR{key:00}{siren}");
            case "DE":
                return (null, "DE" + WithIso7064Mod11_10(random.Next(1, 10) + Digits(7)));
            case "GB":
                return (null, "GB" + WithGbCheck(random.Next(1, 10) + Digits(6)));
            case "ES":
                return (null, "ESB" + WithCifControl(Digits(7)));
            case "IT":
                return (null, "IT" + WithLuhn(Digits(10)));
            case "BE":
                var first8 = "0" + random.Next(2, 10) + Digits(6);
                return (null, $"BE{first8}{97 - long.Parse(first8, CultureInfo.InvariantCulture) % 97:00}");
            case "NL":
                return (null, "NL" + WithNlCheck(random) + "B01");
            case "SE":
                return (null, "SE" + WithLuhn("5" + Digits(8)) + "01");
            case "CH":
                return (null, "CHE" + WithChCheck(random) + "MWST");
            default:
                return (null, null);
        }
    }

    private static string WithLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2; // the rightmost digit is doubled once the check digit follows it
            sum += d;
        }
        return digits + (10 - sum % 10) % 10;
    }

    private static string WithIso7064Mod11_10(string eightDigits)
    {
        var product = 10;
        foreach (var c in eightDigits)
        {
            var sum = (c - '0' + product) % 10;
            if (sum == 0) sum = 10;
            product = 2 * sum % 11;
        }
        var check = 11 - product;
        return eightDigits + (check == 10 ? 0 : check);
    }

    // Weights 8..2 on the first seven digits; the two check digits bring the sum to a multiple of 97.
    private static string WithGbCheck(string sevenDigits)
    {
        var sum = 0;
        for (var i = 0; i < 7; i++) sum += (sevenDigits[i] - '0') * (8 - i);
        return sevenDigits + ((97 - sum % 97) % 97).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string WithCifControl(string sevenDigits)
    {
        var sum = 0;
        for (var i = 0; i < 7; i++)
        {
            var d = sevenDigits[i] - '0';
            sum += i % 2 == 1 ? d : d * 2 / 10 + d * 2 % 10;
        }
        return sevenDigits + (10 - sum % 10) % 10;
    }

    private static string WithNlCheck(Random random)
    {
        while (true)
        {
            var eight = random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
            var sum = 0;
            for (var i = 0; i < 8; i++) sum += (eight[i] - '0') * (9 - i);
            if (sum % 11 < 10) return eight + sum % 11;
        }
    }

    private static string WithChCheck(Random random)
    {
        int[] weights = [5, 4, 3, 2, 7, 6, 5, 4];
        while (true)
        {
            var eight = random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
            var check = 11 - Enumerable.Range(0, 8).Sum(i => (eight[i] - '0') * weights[i]) % 11;
            if (check != 10) return eight + (check == 11 ? 0 : check);
        }
    }
}
