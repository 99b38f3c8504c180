using System.Text.Json.Nodes;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Documents;

namespace LuccaInbox.Tests.Documents;

/// <summary>Write only what was asked, over HTTP: what Lucca sent comes back as it came, apart from the user's edit.</summary>
public sealed class RoundTripTests
{
    private static readonly string[] ReadOnly = ["id", "owner", "documentBreakdown", "attachments", "ocrStatus", "createdAt", "modifiedAt", "author", "modifier"];

    [Theory]
    [InlineData("untidy")]
    [InlineData("sparse")]
    [InlineData("strictest")]
    public async Task Every_field_of_an_odd_item_goes_back_as_it_came_apart_from_the_edit(string profile)
    {
        await using var host = await WebServicesHost.StartAsync(emulatorSettings: new Dictionary<string, string?> { ["Emulator:Profile"] = profile });
        var items = (await host.InboxItemsAsync()).Where(i => i.Id > 0 && i.Document is { Id: > 0, Raw: not null }).ToList();
        var odd = items.Where(i => i.Unreadable.Count > 0 || i.Document!.Raw!.ContainsKey("legacyImportBatch")).Take(6).ToList();
        if (profile != "sparse") Assert.NotEmpty(odd);

        foreach (var item in odd.Count > 0 ? odd : items.Take(3).ToList())
        {
            host.Emulator.Emulator.Requests.Clear();
            await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { Comment = "Checked against the scan" });

            var put = host.Emulator.Requests.Last(r => r.Method == "PUT");
            var sent = JsonNode.Parse(put.Body!)!.AsObject();
            Assert.False(sent.ContainsKey("action"), "the item's action is never echoed");
            var document = sent["document"]!.AsObject();
            Assert.Equal("Checked against the scan", document["comment"]?.GetValue<string>());
            var expected = (JsonObject)item.Document!.Raw!.DeepClone();
            foreach (var name in ReadOnly) expected.Remove(name);
            expected.Remove("comment");
            document.Remove("comment");
            document.Remove("ownerId");
            expected["context"]?["purchase"]?.AsObject().Remove("href");
            expected["context"]?["purchase"]?.AsObject().Remove("name");
            Assert.True(JsonNode.DeepEquals(expected, document), $"inbox item {item.Id}\nLucca sent: {expected}\nwe sent:    {document}");
        }
    }

    [Fact]
    public async Task A_document_changed_after_the_booker_confirmed_is_shown_not_booked()
    {
        await using var host = await WebServicesHost.StartAsync();
        var confirmed = (await host.BookableItemsAsync())[0];
        var newIban = "FR7630004000031234567890143";
        var saved = await host.Saving.SaveAsync(TestUsers.EditOnly, confirmed, confirmed.Document! with
        {
            PaymentDetails = new PaymentDetails { PaymentMethod = "BankTransfer", BankAccount = new BankAccount { Iban = newIban } },
        });
        Assert.Equal(SaveStatus.Saved, saved.Status);
        host.Emulator.Emulator.Requests.Clear();

        var result = await host.Booking.BookAsync(TestUsers.Booker, confirmed);

        Assert.Equal(BookStatus.Changed, result.Status);
        Assert.Contains(result.TheirChanges!, c => c.Path == "paymentDetails.bankAccount.iban" && c.After == newIban);
        Assert.Contains(newIban, result.Message);
        Assert.Equal(newIban, result.Current!.PaymentDetails!.BankAccount!.Iban);
        Assert.DoesNotContain(host.Emulator.Requests, r => r.Method == "POST");
    }
}
