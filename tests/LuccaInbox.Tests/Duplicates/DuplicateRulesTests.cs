using LuccaInbox.Web.Duplicates;

namespace LuccaInbox.Tests.Duplicates;

public sealed class DuplicateRulesTests
{
    [Theory]
    [InlineData("INV-000123", "inv 123", true)]
    [InlineData("FA-2026-0042", "fa20260042", true)]
    [InlineData("FA 2026/42", "FA-2026/042", true)]
    [InlineData("0001234", "1234", true)]
    [InlineData("A-0-1", "A1", true)]
    [InlineData("2026–0042", "2026-0042", true)] // an en dash is a dash
    [InlineData("INV-123", "INV-124", false)]
    [InlineData("INV-1230", "INV-123", false)] // trailing zeros matter
    [InlineData("INV-123", "INV/123", false)] // slashes are part of the number
    [InlineData("INV-123-A", "INV-123-B", false)]
    public void Numbers_compare_ignoring_case_spaces_dashes_and_leading_zeros(string a, string b, bool same) =>
        Assert.Equal(same, DuplicateRules.NormalizeNumber(a) == DuplicateRules.NormalizeNumber(b));

    private static DuplicateCandidate Doc(int id, string type = "Invoice", int? purchase = 7, string? number = "INV-1", decimal? amount = 120m,
        string? currency = "EUR", string? date = "2026-11-02", bool booked = false, params string[] files) =>
        new(booked, id, id, type, purchase, "Supplier", number, amount, currency, date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
            files.ToHashSet(StringComparer.OrdinalIgnoreCase));

    public static TheoryData<string, DuplicateCandidate, DuplicateCandidate, string?> Cases() => new()
    {
        { "same supplier and number", Doc(1), Doc(2, amount: 999m, date: "2026-01-01"), "the same supplier and document number" },
        { "number written differently", Doc(1, number: "inv 0001"), Doc(2, number: "INV-1", amount: 5m), "the same supplier and document number" },
        { "booked one", Doc(1), Doc(2, booked: true, amount: 1m), "the same supplier and document number" },
        { "same supplier, amount and date", Doc(1, number: "A"), Doc(2, number: "B"), "the same supplier, amount and date" },
        { "no number, same amount and date", Doc(1, number: null), Doc(2, number: null), "the same supplier, amount and date" },
        { "same file, different supplier", Doc(1, purchase: 1, files: "f-1"), Doc(2, purchase: 2, number: "X", files: "F-1"), "the same attached file" },
        { "different supplier, same number", Doc(1, purchase: 1), Doc(2, purchase: 2), null },
        { "invoice and its credit note", Doc(1), Doc(2, type: "CreditNote"), null },
        { "same amount, other date", Doc(1, number: "A"), Doc(2, number: "B", date: "2026-11-03"), null },
        { "same amount and date, other currency", Doc(1, number: "A"), Doc(2, number: "B", currency: "USD"), null },
        { "no supplier on either", Doc(1, purchase: null), Doc(2, purchase: null), null },
        { "both without number or amount", Doc(1, number: null, amount: null), Doc(2, number: null, amount: null), null },
        { "the document itself", Doc(1), Doc(1), null },
        // Issue 16: the invoice's own number (its Factur-X data) where OCR misread the form's, and the supplier it is from.
        { "form misread, invoice's own number", Doc(1, number: "INV-8443") with { InvoiceNumber = "INV-3443" }, Doc(2, number: "INV-3443", amount: 5m),
            "the same supplier and the invoice's own document number" },
        { "same supplier on two purchases", Doc(1, purchase: 1) with { SupplierId = 42 }, Doc(2, purchase: 2) with { SupplierId = 42 }, "the same supplier and document number" },
        { "same seller VAT number", Doc(1, purchase: 1) with { SupplierVatNumber = "FR40 303265045" }, Doc(2, purchase: 2) with { SupplierVatNumber = "fr40303265045" },
            "the same supplier and document number" },
        { "other suppliers on file", Doc(1, purchase: 1) with { SupplierId = 42 }, Doc(2, purchase: 2) with { SupplierId = 57 }, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Likely_duplicates_follow_the_rules(string because, DuplicateCandidate a, DuplicateCandidate b, string? reason)
    {
        Assert.Equal(reason, DuplicateRules.Reason(a, b));
        Assert.Equal(reason, DuplicateRules.Reason(b, a)); // symmetric
        var index = new DuplicateIndex([a, b]);
        Assert.True(reason is null ? index.For(a).Count == 0 : index.For(a).Single().Other == b, because);
    }
}
