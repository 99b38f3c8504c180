namespace LuccaInbox.Web.InvoiceCheck;

internal static class EditDistance
{
    /// <summary>Levenshtein distance when it is at most <paramref name="limit"/>, else null.</summary>
    public static int? AtMost(string first, string second, int limit)
    {
        if (Math.Abs(first.Length - second.Length) > limit)
            return null;
        Span<int> previous = stackalloc int[second.Length + 1];
        Span<int> current = stackalloc int[second.Length + 1];
        for (var j = 0; j <= second.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= first.Length; i++)
        {
            current[0] = i;
            var rowMinimum = i;
            for (var j = 1; j <= second.Length; j++)
            {
                var substitution = previous[j - 1] + (first[i - 1] == second[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }
            if (rowMinimum > limit)
                return null;
            var finished = previous;
            previous = current;
            current = finished;
        }
        return previous[second.Length] <= limit ? previous[second.Length] : null;
    }
}
