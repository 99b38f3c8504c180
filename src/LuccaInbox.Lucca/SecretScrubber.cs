using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace LuccaInbox.Lucca;

/// <summary>
/// Removes the API key from text that came from Lucca (or a proxy in front of it) before it is shown, logged or stored.
/// An echo may carry the key in any encoding, so JSON escapes are decoded first and then the key is removed as
/// written, URL-encoded, JSON-escaped, and as base64 of itself or of the whole "lucca application={key}" header.
/// </summary>
public static partial class SecretScrubber
{
    public const string Mask = "***";

    public static string Scrub(string text, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(text)) return text;
        var decoded = JsonEscape().Replace(text, m => m.Value[1] == 'u'
            ? ((char)int.Parse(m.Value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString()
            : m.Value[1..]);
        foreach (var form in FormsOf(secret))
        {
            // Ignoring case also catches %2b for %2B; over-masking a look-alike is harmless.
            decoded = decoded.Replace(form, Mask, StringComparison.OrdinalIgnoreCase);
        }
        return decoded;
    }

    public static string? ScrubOrNull(string? text, string? secret) => text is null ? null : Scrub(text, secret);

    private static IEnumerable<string> FormsOf(string secret) =>
        new[]
        {
            secret,
            Uri.EscapeDataString(secret),
            WebUtility.UrlEncode(secret),
            Convert.ToBase64String(Encoding.UTF8.GetBytes("lucca application=" + secret)),
            Convert.ToBase64String(Encoding.UTF8.GetBytes("Authorization: lucca application=" + secret)),
            Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)),
        }.Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(f => f.Length);

    // \uXXXX and the two-character escapes of JSON for "/" and "\" (others cannot be part of a key).
    [GeneratedRegex(@"\\u[0-9A-Fa-f]{4}|\\[/\\]")]
    private static partial Regex JsonEscape();
}
