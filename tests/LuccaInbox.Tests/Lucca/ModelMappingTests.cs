using System.Text.Json;
using System.Text.Json.Nodes;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Tests.Lucca;

public sealed class ModelMappingTests
{
    private const string InboxItemJson = """
        {"id": 5001, "source": {"type": "email"}, "action": {},
         "createdAt": "2021-11-19T11:02:17.7052636+00:00", "modifiedAt": "2021-11-19T11:02:17.7052636+00:00",
         "author": {"id": 13, "name": "Matt Bawss"}, "modifier": {"id": 13, "name": "Matt Bawss"},
         "document": {
           "id": 70001, "owner": {"id": 13, "href": "https://example.ilucca.net/api/v3/users/13", "name": "Matt Bawss"},
           "type": "SelfBilledInvoice",
           "context": {"purchase": {"id": 283, "href": "/cleemy-procurement/api/purchases/283", "name": "Team building", "type": "OneTime", "budgetLine": 7}},
           "documentBreakdown": {"id": 4, "href": "/x", "name": "Split"},
           "documentDate": "2021-11-18", "documentNumber": "669",
           "amountIncludingTaxes": {"excludingTaxes": {"value": 250, "currency": "EUR"},
             "taxes": [{"rateTypeId": 1, "value": 25.5, "currency": "EUR"}], "includingTaxes": {"value": 275.5, "currency": "EUR"}},
           "accountingLabel": null, "comment": "Seminar", "intraCommunityTaxes": false,
           "attachments": [{"id": 223, "file": {"id": "f0208989-edd3-4d09-b0ec-f97b24caa49e", "name": "f.pdf"}, "pages": {"displayHrefTemplate": "/cleemy-procurement/api/files/f0208989-edd3-4d09-b0ec-f97b24caa49e/display/pages/{pageNumber}", "count": 2}}],
           "ocrStatus": "Rescanning", "dueDate": "2021-12-18",
           "paymentDetails": {"paymentMethod": "Crypto", "bankAccount": {"iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"}},
           "createdAt": "2021-11-19T11:02:17.7052636+00:00", "modifiedAt": "2021-11-19T11:02:17.7052636+00:00",
           "author": {"id": 13}, "modifier": {"id": 13},
           "supplierReference": {"code": "SUP-0042", "source": "ocr"}
         }}
        """;

    [Fact]
    public void The_put_body_flattens_the_owner_drops_read_only_fields_and_keeps_unknown_ones()
    {
        var item = JsonSerializer.Deserialize<InboxItem>(InboxItemJson, LuccaJson.Options)!;

        var body = InboxDocumentUpdate.Build(item.Document!, item.Document!, item.Document!);

        Assert.Equal(["document"], body.Select(p => p.Key)); // an empty action is not sent
        var document = body["document"]!.AsObject();
        Assert.Equal(13, document["ownerId"]!.GetValue<int>());
        foreach (var readOnly in new[] { "id", "owner", "documentBreakdown", "attachments", "ocrStatus", "createdAt", "modifiedAt", "author", "modifier" })
        {
            Assert.False(document.ContainsKey(readOnly), readOnly);
        }
        Assert.Equal("""{"id":283,"type":"OneTime","budgetLine":7}""", document["context"]!["purchase"]!.ToJsonString());
        Assert.Equal("""{"code":"SUP-0042","source":"ocr"}""", document["supplierReference"]!.ToJsonString());
        Assert.True(document.ContainsKey("accountingLabel") && document["accountingLabel"] is null); // null stays null
        Assert.Equal("2021-11-18", document["documentDate"]!.GetValue<string>());
        Assert.Equal(275.5m, document["amountIncludingTaxes"]!["includingTaxes"]!["value"]!.GetValue<decimal>());
    }

    [Fact]
    public void Unknown_enum_values_are_read_and_sent_back_as_they_came()
    {
        var item = JsonSerializer.Deserialize<InboxItem>(InboxItemJson, LuccaJson.Options)!;

        Assert.Equal("Rescanning", item.Document!.OcrStatus);
        var body = InboxDocumentUpdate.Build(item.Document!, item.Document!, item.Document!);
        Assert.Equal("SelfBilledInvoice", body["document"]!["type"]!.GetValue<string>());
        Assert.Equal("Crypto", body["document"]!["paymentDetails"]!["paymentMethod"]!.GetValue<string>());
    }

    [Fact]
    public void A_populated_action_is_never_sent_back_because_on_a_put_it_is_an_instruction()
    {
        var json = JsonNode.Parse(InboxItemJson)!.AsObject();
        json["action"] = new JsonObject { ["type"] = "AttachPurchase", ["purchaseId"] = 999 };
        var item = json.Deserialize<InboxItem>(LuccaJson.Options)!;

        var body = InboxDocumentUpdate.Build(item.Document!, item.Document!, item.Document! with { Comment = "Checked" });

        Assert.False(body.ContainsKey("action"), body.ToJsonString());
    }

    [Fact]
    public void Page_hrefs_are_built_from_the_template_1_based_up_to_the_count()
    {
        var item = JsonSerializer.Deserialize<InboxItem>(InboxItemJson, LuccaJson.Options)!;
        var attachment = item.Document!.Attachments![0];

        Assert.Equal("/cleemy-procurement/api/files/f0208989-edd3-4d09-b0ec-f97b24caa49e/display/pages/2", attachment.PageHref(2));
        Assert.Null(attachment.PageHref(0));
        Assert.Null(attachment.PageHref(3));
    }
}
