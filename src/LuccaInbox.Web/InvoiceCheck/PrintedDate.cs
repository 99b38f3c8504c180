using System.Text.RegularExpressions;

namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>Reads a date the way FR, DE and EN invoices print it. Returns every plausible reading:
/// 03/04/2026 is both 3 April and March 4; the caller accepts either when it matches the form.</summary>
internal static class PrintedDate
{
    static readonly Dictionary<string, int> Months = BuildMonths();

    const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;
    static readonly Regex DayMonthYear = new(@"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})$", Options);
    static readonly Regex YearMonthDay = new(@"^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$", Options);
    static readonly Regex DayNameYear = new(@"^(\d{1,2})(?:er|st|nd|rd|th)?\.?[\s-]*(\p{L}+)\.?[\s,-]*(\d{4})$", Options);
    static readonly Regex NameDayYear = new(@"^(\p{L}+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})$", Options);

    public static IReadOnlyList<DateOnly> Readings(string printed)
    {
        var text = Spaces.Normalise(printed).Trim().TrimEnd(',', ';', ':').ToLowerInvariant();
        if (text.Length < 6 || text.Length > 24 || !char.IsAsciiDigit(text[0]) && !char.IsLetter(text[0]))
            return [];

        var readings = new List<DateOnly>();
        if (DayMonthYear.Match(text) is { Success: true } dmy)
        {
            var year = Year(dmy.Groups[3].Value);
            Add(readings, year, Int(dmy.Groups[2].Value), Int(dmy.Groups[1].Value));
            Add(readings, year, Int(dmy.Groups[1].Value), Int(dmy.Groups[2].Value));
        }
        else if (YearMonthDay.Match(text) is { Success: true } ymd)
            Add(readings, Int(ymd.Groups[1].Value), Int(ymd.Groups[2].Value), Int(ymd.Groups[3].Value));
        else if (DayNameYear.Match(text) is { Success: true } dny && Months.TryGetValue(dny.Groups[2].Value, out var month))
            Add(readings, Int(dny.Groups[3].Value), month, Int(dny.Groups[1].Value));
        else if (NameDayYear.Match(text) is { Success: true } ndy && Months.TryGetValue(ndy.Groups[1].Value, out var monthFirst))
            Add(readings, Int(ndy.Groups[3].Value), monthFirst, Int(ndy.Groups[2].Value));
        return readings;
    }

    static int Int(string digits) => int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);

    static int Year(string digits) => digits.Length == 2 ? 2000 + Int(digits) : Int(digits);

    static void Add(List<DateOnly> readings, int year, int month, int day)
    {
        if (year is >= 1900 and <= 2200 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            var date = new DateOnly(year, month, day);
            if (!readings.Contains(date))
                readings.Add(date);
        }
    }

    static Dictionary<string, int> BuildMonths()
    {
        string[][] names =
        [
            ["january", "jan", "janvier", "janv", "januar", "jän", "jänner"],
            ["february", "feb", "février", "fevrier", "févr", "fevr", "fév", "fev", "februar"],
            ["march", "mar", "mars", "märz", "maerz", "mär", "marz"],
            ["april", "apr", "avril", "avr"],
            ["may", "mai"],
            ["june", "jun", "juin", "juni"],
            ["july", "jul", "juillet", "juil", "juli"],
            ["august", "aug", "août", "aout", "aoû"],
            ["september", "sep", "sept", "septembre"],
            ["october", "oct", "octobre", "oktober", "okt"],
            ["november", "nov", "novembre"],
            ["december", "dec", "décembre", "decembre", "déc", "dezember", "dez"],
        ];
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var month = 0; month < names.Length; month++)
            foreach (var name in names[month])
                months[name] = month + 1;
        return months;
    }
}
