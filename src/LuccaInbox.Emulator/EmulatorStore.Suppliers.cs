using System.Globalization;
using System.Text.Json.Nodes;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Emulator.Seeding;
using LuccaInbox.Emulator.Suppliers;

namespace LuccaInbox.Emulator;

/// <summary>Suppliers, one purchase, and the seeded truth behind the inbox documents.</summary>
public sealed partial class EmulatorStore
{
    private SortedDictionary<int, JsonObject> _suppliers = new();
    private IReadOnlyList<SeededTruth> _truth = [];

    /// <summary>Per seeded inbox document: its original's kind, its misread field and whether its paper's IBAN is a fraud
    /// (for tests and the benchmark; as seeded, whatever was written since).</summary>
    public IReadOnlyList<SeededTruth> SeededTruth
    {
        get { lock (_lock) return _truth; }
    }

    /// <summary>Suppliers in id order; <paramref name="state"/> and <paramref name="searchTerms"/> as API-FACTS §11 lists them
    /// (every search term must appear in the name, ignoring case and accents).</summary>
    public string ListSuppliers(string? state, string? searchTerms, CollectionQuery query)
    {
        var terms = (searchTerms ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var compare = CultureInfo.InvariantCulture.CompareInfo;
        bool Matches(JsonObject supplier)
        {
            var name = QueryFilters.Text(supplier, "name") ?? "";
            return (state is null || string.Equals(QueryFilters.Text(supplier, "state"), state, StringComparison.OrdinalIgnoreCase))
                && terms.All(term => compare.IndexOf(name, term, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0);
        }
        lock (_lock) return query.Render(_suppliers.Values.Where(Matches).ToList(), _view.Render);
    }

    public string? GetSupplier(int id)
    {
        lock (_lock) return _suppliers.TryGetValue(id, out var supplier) ? _view.Render(supplier) : null;
    }

    public string? GetPurchase(int id)
    {
        lock (_lock) return _purchases.TryGetValue(id, out var purchase) ? _view.Render(SupplierJson.Purchase(purchase, profile)) : null;
    }
}
