using System.Text.Json;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Tests.Lucca;

/// <summary>Read anything: one item that cannot be read never fails a page; it is kept with what could be read.</summary>
public sealed class TolerantReadingTests
{
    private const string Page = """
        {"items": [
          {"id": 1, "document": {"id": 11, "documentNumber": "A-1", "owner": {"id": 3, "name": "Ann"}, "ocrStatus": "Processed"}},
          {"id": 2, "document": {"id": 12, "owner": "Jane Doe", "attachments": {"oops": true}, "documentNumber": 12345,
                                 "intraCommunityTaxes": "false", "documentDate": "2024-03-01T00:00:00+01:00", "dueDate": "soon",
                                 "ocrStatus": "Archived", "type": "ProForma"}},
          {"id": "3", "document": null, "createdAt": "2024-03-01"},
          {"id": null, "document": {"id": 14, "amountIncludingTaxes": {"includingTaxes": {"value": "12.50", "currency": "EUR"}, "taxes": null}}},
          42
        ], "count": "5"}
        """;

    [Fact]
    public void A_page_with_odd_items_is_read_whole_and_each_odd_field_is_named()
    {
        var page = JsonSerializer.Deserialize<LuccaCollection<InboxItem>>(Page, LuccaJson.Options)!;

        Assert.Equal(5, page.Items!.Count);
        Assert.Equal(5, page.Count);

        var first = page.Items[0];
        Assert.Empty(first.Unreadable);

        var odd = page.Items[1];
        Assert.Equal(["document.owner", "document.attachments", "document.dueDate"], odd.Unreadable);
        Assert.Equal("12345", odd.Document!.DocumentNumber);
        Assert.False(odd.Document.IntraCommunityTaxes);
        Assert.Equal(new DateOnly(2024, 3, 1), odd.Document.DocumentDate);
        Assert.Equal("Archived", odd.Document.OcrStatus); // unknown enum values are kept as they came
        Assert.Equal("ProForma", odd.Document.Type);
        Assert.Equal("Jane Doe", odd.Document.Raw!["owner"]!.GetValue<string>()); // Lucca's own JSON is kept

        var noDocument = page.Items[2];
        Assert.Equal(3, noDocument.Id);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), noDocument.CreatedAt);
        Assert.Contains("document", noDocument.Unreadable);

        var noId = page.Items[3];
        Assert.Contains("id", noId.Unreadable);
        Assert.Equal(12.50m, noId.Document!.AmountIncludingTaxes!.IncludingTaxes!.Value);

        Assert.Equal([TolerantReader.WholeItem], page.Items[4].Unreadable);
    }
}
