using System.Numerics;

namespace LuccaInbox.Web.InvoiceCheck;

internal static class Iban
{
    /// <summary>Shape and ISO 13616 mod-97 check digits, so a near miss is a real IBAN and not a random run of characters.</summary>
    public static bool IsValid(string compact)
    {
        if (compact.Length is < 15 or > 34 || !char.IsAsciiLetterUpper(compact[0]) || !char.IsAsciiLetterUpper(compact[1])
            || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3]) || !compact.All(char.IsAsciiLetterOrDigit))
            return false;
        var rearranged = compact[4..] + compact[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString()));
        return BigInteger.Parse(digits) % 97 == 1;
    }
}
