namespace LuccaInbox.Web.Duplicates;

/// <summary>All inbox and booked documents, indexed so each document's likely duplicates are found without a scan.</summary>
public sealed class DuplicateIndex
{
    public static readonly DuplicateIndex Empty = new([]);

    private readonly Dictionary<(string, string?, string), List<DuplicateCandidate>> _byNumber = new();
    private readonly Dictionary<(string, string?, decimal, string?, DateOnly), List<DuplicateCandidate>> _byAmountAndDate = new();
    private readonly Dictionary<string, List<DuplicateCandidate>> _byFile = new(StringComparer.OrdinalIgnoreCase);

    private readonly Lazy<IReadOnlySet<int>> _flaggedInboxIds;

    public DuplicateIndex(IEnumerable<DuplicateCandidate> candidates)
    {
        var all = candidates.ToList();
        _flaggedInboxIds = new(() => all.Where(c => !c.IsBooked && For(c).Count > 0).Select(c => c.LinkId).ToHashSet());
        foreach (var c in all)
        {
            foreach (var supplier in c.SupplierKeys)
            {
                foreach (var number in c.NumberKeys) Add(_byNumber, (supplier, c.Type, number), c);
                if (c.Amount is { } amount && c.Date is { } date) Add(_byAmountAndDate, (supplier, c.Type, amount, c.Currency, date), c);
            }
            foreach (var file in c.FileIds) Add(_byFile, file, c);
        }
    }

    /// <summary>The inbox items that have a likely duplicate: computed once per index, shared by every grid.</summary>
    public IReadOnlySet<int> FlaggedInboxIds => _flaggedInboxIds.Value;

    public IReadOnlyList<DuplicateMatch> For(DuplicateCandidate document)
    {
        var others = new List<DuplicateCandidate>();
        foreach (var supplier in document.SupplierKeys)
        {
            foreach (var number in document.NumberKeys)
            {
                if (_byNumber.TryGetValue((supplier, document.Type, number), out var sameNumber)) others.AddRange(sameNumber);
            }
            if (document.Amount is { } amount && document.Date is { } date && _byAmountAndDate.TryGetValue((supplier, document.Type, amount, document.Currency, date), out var sameAmount)) others.AddRange(sameAmount);
        }
        foreach (var file in document.FileIds)
        {
            if (_byFile.TryGetValue(file, out var sameFile)) others.AddRange(sameFile);
        }
        return others.Distinct()
            .Select(other => DuplicateRules.Reason(document, other) is { } reason ? new DuplicateMatch(other, reason) : null)
            .OfType<DuplicateMatch>()
            .ToList();
    }

    private static void Add<TKey>(Dictionary<TKey, List<DuplicateCandidate>> index, TKey key, DuplicateCandidate candidate) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(candidate);
    }
}
