using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Booked;
using LuccaInbox.Web.Common;
using LuccaInbox.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Web.Tests;

/// <summary>Issue 15: the booked page in a clerk's words, with who booked each document, newest booking first, and a search.</summary>
public sealed class BookedPageSearchTests : WebTestContext
{
    private static BookedDocument Booked(int id, string number, string supplier, decimal amount, DateTimeOffset createdAt, string? label = null) => new()
    {
        Id = id, DocumentNumber = number, Type = DocumentTypes.Invoice, CreatedAt = createdAt, AccountingLabel = label,
        Purchase = new PurchaseReference { Id = id, Name = supplier },
        AmountIncludingTaxes = new DualCurrency<TaxedAmount> { Base = new TaxedAmount { IncludingTaxes = new Amount { Value = amount, Currency = "EUR" } } },
        ConformityState = "ToReview", PaymentState = "ToPay", Completion = "NotCompleted", Flag = "Unflagged",
    };

    private async Task BookedByAsync(string name, int documentId, string number, decimal amount)
    {
        var log = Services.GetRequiredService<AuditLog>();
        var user = new LuccaInbox.Web.Auth.AppUser($"oid-{name}", name, null, new HashSet<string>(), IsDevelopmentSignIn: false);
        var entry = await log.BeginAsync(user, new AuditIntent(AuditActions.Book, 100 + documentId, documentId, number, null, amount, "EUR"));
        await log.CompleteAsync(entry, AuditOutcomes.Succeeded);
        await Task.Delay(20); // the next booking is later
    }

    [Fact]
    public void States_show_as_a_clerk_reads_them_never_as_codes()
    {
        Lucca.BookedDocuments.Add(Booked(801, "F-801", "Acme", 120m, DateTimeOffset.UtcNow) with { Completion = "PartiallyCompletedByOcr" });

        var cut = RenderWithPopovers<BookedPage>();

        cut.WaitForAssertion(() => Assert.Contains("To review", cut.Find("[data-testid=booked-row]").TextContent));
        var row = cut.Find("[data-testid=booked-row]").TextContent;
        Assert.Contains("To pay", row);
        Assert.Contains("Not flagged", row);
        Assert.Contains("Partially completed by ocr", row);
        Assert.DoesNotContain("ToReview", row);
        Assert.DoesNotContain("Unflagged", row);
    }

    [Fact]
    public async Task Who_booked_each_document_comes_from_the_audit_log_and_the_newest_booking_is_first()
    {
        var old = new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);
        Lucca.BookedDocuments.Add(Booked(1, "F-1", "Acme", 100m, old));                                  // booked by Alice, first
        Lucca.BookedDocuments.Add(Booked(2, "F-2", "Bolt", 200m, new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero))); // booked elsewhere
        Lucca.BookedDocuments.Add(Booked(9003, "F-3", "Cargo", 300m, old));                             // Lucca gave a new booked id
        await BookedByAsync("Alice Martin", 1, "F-1", 100m);
        await BookedByAsync("Bruno Roux", 3, "F-3", 300m); // the document id was 3: matched by number and amount

        var cut = RenderWithPopovers<BookedPage>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=booked-row]").Count));
        var rows = cut.FindAll("[data-testid=booked-row]");
        Assert.Equal(["9003", "1", "2"], rows.Select(r => r.GetAttribute("data-document-id")));
        Assert.Equal(["Bruno Roux", "Alice Martin", "—"], rows.Select(r => r.QuerySelector("[data-testid=booked-by]")!.TextContent.Trim()));
    }

    [Fact]
    public void The_search_finds_by_number_supplier_label_or_amount_among_what_is_loaded()
    {
        var at = DateTimeOffset.UtcNow;
        Lucca.BookedDocuments.Add(Booked(1, "F-100", "Acme Paper", 1234.50m, at, label: "Office"));
        Lucca.BookedDocuments.Add(Booked(2, "F-200", "Bolt Energy", 99m, at.AddMinutes(-1), label: "Electricity"));
        var cut = RenderWithPopovers<BookedPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=booked-row]").Count));
        string[] Shown() => [.. cut.FindAll("[data-testid=booked-row]").Select(r => r.GetAttribute("data-document-id")!)];

        foreach (var (search, expected) in new[] { ("f-200", "2"), ("acme", "1"), ("electric", "2"), ("1 234,50", "1"), ("1234.5", "1") })
        {
            cut.Find("input[data-testid=booked-search]").Input(search);
            cut.WaitForAssertion(() => Assert.Equal([expected], Shown()));
        }
        cut.Find("input[data-testid=booked-search]").Input("nothing like it");
        cut.WaitForAssertion(() => Assert.Empty(Shown()));
        Assert.NotNull(cut.Find("[data-testid=booked-search-empty]"));
        Assert.Single(Lucca.BookedFilters); // searching asks Lucca nothing
    }

    [Theory]
    [InlineData("ToReview", "To review")]
    [InlineData("PendingBreakdown", "Pending breakdown")]
    [InlineData("SomethingNew", "Something new")]
    [InlineData(null, "—")]
    public void Conformity_labels_are_humanised_even_for_values_Lucca_adds_later(string? code, string label) =>
        Assert.Equal(label, Labels.ConformityState(code));

    [Fact]
    public void Flags_and_payment_states_read_as_words() =>
        Assert.Equal(["Not flagged", "To pay", "On hold", "Flagged"], [Labels.Flag("Unflagged"), Labels.PaymentState("ToPay"), Labels.PaymentState("OnHold"), Labels.Flag("Flagged")]);
}
