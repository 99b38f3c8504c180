using System.Runtime.CompilerServices;

namespace LuccaInbox.Web.InvoiceCheck;

internal sealed record AmountToken(PrintedAmount Amount, string Text, PageBox Box, int WordCount);
/// <param name="Label">The words just left of the date and just above it, lower-cased: "date de facture", "due date"…</param>
internal sealed record DateToken(IReadOnlyList<DateOnly> Readings, string Text, PageBox Box, string Label);
/// <summary>A word or a run of words on one line without spaces, upper-cased: how document numbers and IBANs are compared.</summary>
internal sealed record CompactToken(string Compact, string Text, PageBox Box, int WordCount)
{
    public string Loose { get; } = InvoiceText.Loose(Compact);
}

/// <summary>The amounts, dates and compact strings printed on an original, worked out once per original
/// (phrases of adjacent words on a line, since PDF text often splits "1 234,56" or an IBAN's groups into words).</summary>
internal sealed class InvoiceText
{
    const int MaxWordsInAmountOrDate = 4;
    const int MaxWordsInCompact = 9;
    // Words further apart than this (in page widths) on a line are separate values, not one spaced-out value.
    const double MaxGapInsideValue = 0.025;

    static readonly ConditionalWeakTable<InvoiceOriginal, InvoiceText> Cache = new();

    public IReadOnlyList<OriginalWord> Words { get; }
    public List<AmountToken> Amounts { get; } = [];
    public List<DateToken> Dates { get; } = [];
    public List<CompactToken> Compacts { get; } = [];
    public HashSet<string> LowerCaseWords { get; }
    // Lookups by exact value, built once, so a comparison does not scan every phrase.
    readonly Dictionary<string, CompactToken> byCompact = new(StringComparer.Ordinal);
    readonly Dictionary<string, CompactToken> byLoose = new(StringComparer.Ordinal);
    readonly Dictionary<DateOnly, DateToken> byDate = [];
    readonly Dictionary<decimal, AmountToken> byAmount = [];

    /// <summary>Each value printed as money (cents, thousands separator or currency mark), with where it is printed.</summary>
    public List<(decimal Value, AmountToken Token)> MoneyValues { get; } = [];
    /// <summary>Words and short runs of words with a digit, where a document number may be printed.</summary>
    public List<CompactToken> NumberLikes { get; } = [];

    public static InvoiceText Of(InvoiceOriginal original) => Cache.GetValue(original, o => new InvoiceText(o.Words));

    readonly Dictionary<int, OriginalWord[]> wordsByPageFromTop;

    InvoiceText(IReadOnlyList<OriginalWord> words)
    {
        Words = words;
        wordsByPageFromTop = words.GroupBy(word => word.Box.Page)
            .ToDictionary(page => page.Key, page => page.OrderBy(word => word.Box.Top).ToArray());
        LowerCaseWords = words.Select(word => Clean(word.Text).ToLowerInvariant()).ToHashSet();
        foreach (var line in Lines(words))
            for (var start = 0; start < line.Count; start++)
                AddPhrasesStartingAt(line, start);
        // The shortest phrase that shows a value is where it is printed.
        foreach (var token in Compacts.OrderBy(token => token.WordCount))
        {
            byCompact.TryAdd(token.Compact, token);
            byLoose.TryAdd(token.Loose, token);
        }
        foreach (var token in Dates)
            foreach (var reading in token.Readings)
                byDate.TryAdd(reading, token);
        foreach (var token in Amounts.OrderByDescending(token => token.Amount.LooksLikeMoney).ThenBy(token => token.WordCount))
            foreach (var value in token.Amount.Values)
            {
                if (byAmount.TryAdd(Math.Round(value, 2), token) && token.Amount.LooksLikeMoney)
                    MoneyValues.Add((value, token));
            }
        NumberLikes.AddRange(Compacts.Where(token => token.WordCount <= 3 && token.Compact.Length >= 4 && token.Compact.Any(char.IsAsciiDigit)));
    }

    void AddPhrasesStartingAt(List<OriginalWord> line, int start)
    {
        var spaced = Clean(line[start].Text);
        var compact = Compact(spaced);
        var box = line[start].Box;
        for (var end = start; end < line.Count && end - start < MaxWordsInCompact; end++)
        {
            if (end > start)
            {
                if (line[end].Box.Left - line[end - 1].Box.Right > MaxGapInsideValue)
                    break;
                spaced += " " + line[end].Text;
                compact += Compact(line[end].Text);
                box = box.Union(line[end].Box);
            }
            var wordCount = end - start + 1;
            Compacts.Add(new CompactToken(compact, spaced, box, wordCount));
            if (wordCount > MaxWordsInAmountOrDate)
                continue;
            if (PrintedAmount.Parse(spaced) is { } amount)
                Amounts.Add(new AmountToken(amount, spaced, box, wordCount));
            if (PrintedDate.Readings(spaced) is { Count: > 0 } readings)
                Dates.Add(new DateToken(readings, spaced, box, LabelNear(box)));
        }
    }

    /// <summary>Words of a page that share a baseline, left to right.</summary>
    static IEnumerable<List<OriginalWord>> Lines(IReadOnlyList<OriginalWord> words)
    {
        foreach (var page in words.GroupBy(word => word.Box.Page))
        {
            List<OriginalWord>? line = null;
            double lineMiddle = 0, lineHeight = 0;
            foreach (var word in page.OrderBy(word => word.Box.Top + word.Box.Height / 2))
            {
                var middle = word.Box.Top + word.Box.Height / 2;
                if (line is not null && Math.Abs(middle - lineMiddle) <= Math.Max(lineHeight, word.Box.Height) / 2)
                {
                    line.Add(word);
                    continue;
                }
                if (line is not null)
                    yield return line.OrderBy(w => w.Box.Left).ToList();
                line = [word];
                lineMiddle = middle;
                lineHeight = word.Box.Height;
            }
            if (line is not null)
                yield return line.OrderBy(w => w.Box.Left).ToList();
        }
    }

    /// <summary>Drops a label glued in front ("Date:15/11/2026", "N°FA-12") and trailing punctuation.</summary>
    internal static string Clean(string word)
    {
        var text = word.Trim().TrimEnd(',', ';', ':');
        var labelEnd = text.LastIndexOfAny([':', '#', '°']);
        return labelEnd >= 0 && labelEnd < text.Length - 1 ? text[(labelEnd + 1)..].Trim() : text;
    }

    internal static string Compact(string text) =>
        string.Concat(Spaces.Normalise(text).Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    /// <summary>Also without the separators document numbers are printed with, for "FA 2026/12" against "FA-2026-12".</summary>
    internal static string Loose(string text) =>
        string.Concat(Compact(text).Where(c => c is not ('-' or '/' or '.' or '_')));

    public AmountToken? FindAmount(decimal amount) => byAmount.GetValueOrDefault(Math.Round(Math.Abs(amount), 2));

    public DateToken? FindDate(DateOnly date) => byDate.GetValueOrDefault(date);

    public CompactToken? FindCompact(string value, bool looseToo)
    {
        var compact = Compact(value);
        if (compact.Length == 0)
            return null;
        if (byCompact.TryGetValue(compact, out var found) || !looseToo)
            return found;
        var loose = Loose(value);
        return loose.Length == 0 ? null : byLoose.GetValueOrDefault(loose);
    }

    /// <summary>The few words nearest a value on its left on its line, or else just above it (a table header), lower-cased:
    /// its likely label, even when the label is in a column of its own far from the value.</summary>
    string LabelNear(PageBox box)
    {
        const double Reach = 0.03, TallestWord = 0.05, FarthestLabel = 0.6;
        const int WordsInALabel = 4;
        var page = wordsByPageFromTop[box.Page];
        var first = Array.FindIndex(page, word => word.Box.Top >= box.Top - Reach - TallestWord);
        List<OriginalWord> onTheLine = [], above = [];
        for (var index = Math.Max(first, 0); index < page.Length && page[index].Box.Top < box.Bottom; index++)
        {
            var word = page[index].Box;
            if (word.Right <= box.Left + 0.001 && word.Bottom > box.Top && word.Top < box.Bottom && box.Left - word.Right < FarthestLabel)
                onTheLine.Add(page[index]);
            else if (word.Bottom <= box.Top + 0.002 && box.Top - word.Bottom < Reach && word.Right > box.Left - Reach && word.Left < box.Right + Reach)
                above.Add(page[index]);
        }
        var label = onTheLine.Count > 0
            ? onTheLine.OrderByDescending(word => word.Box.Right).Take(WordsInALabel).Reverse()
            : above.OrderBy(word => word.Box.Left);
        return string.Join(' ', label.Select(word => word.Text.ToLowerInvariant()));
    }
}
