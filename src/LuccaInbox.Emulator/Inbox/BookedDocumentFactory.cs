using System.Text.Json.Nodes;

namespace LuccaInbox.Emulator.Inbox;

/// <summary>What a booked invoice or credit note looks like right after booking (API-FACTS §9, §15.8-9).</summary>
public static class BookedDocumentFactory
{
    public static JsonObject From(JsonObject document, string now, JsonObject integrationUser)
    {
        var amounts = document["amountIncludingTaxes"] as JsonObject;
        var currency = amounts?["includingTaxes"]?["currency"]?.GetValue<string>() ?? "EUR";
        var rate = LuccaCurrencies.EurRates.GetValueOrDefault(currency, 1m);
        var purchase = document["context"]?["purchase"]?.DeepClone();

        var booked = new JsonObject
        {
            ["id"] = document["id"]!.GetValue<int>(), // same id as the document (API-FACTS §15.8)
            ["type"] = document["type"]?.DeepClone() ?? "Invoice",
            ["purchase"] = purchase,
            ["expectedAmount"] = null,
            ["costAmount"] = DualAmount(amounts?["includingTaxes"], rate),
            ["context"] = new JsonObject
            {
                ["purchase"] = purchase?.DeepClone(),
                ["expectedDocumentId"] = null,
                ["originalAmount"] = amounts?["includingTaxes"]?.DeepClone(),
                ["data"] = null,
            },
            ["documentDate"] = document["documentDate"]?.DeepClone(),
            ["documentNumber"] = document["documentNumber"]?.DeepClone(),
            ["amountIncludingTaxes"] = amounts is null ? null : new JsonObject
            {
                ["base"] = amounts.DeepClone(),
                ["counter"] = Converted(amounts, rate),
                ["rate"] = rate,
            },
            ["documentBreakdown"] = document["documentBreakdown"]?.DeepClone(),
            ["attachments"] = document["attachments"]?.DeepClone(),
            ["dueDate"] = document["dueDate"]?.DeepClone(),
            ["paymentDetails"] = document["paymentDetails"]?.DeepClone(),
            ["paymentDate"] = null,
            ["conformityState"] = "ToReview",
            ["paymentState"] = "None",
            ["completion"] = "ToReview",
            ["flag"] = "Unflagged",
            ["accountingLabel"] = document["accountingLabel"]?.DeepClone(),
            ["comment"] = document["comment"]?.DeepClone(),
            ["commentsCount"] = 0,
            ["createdAt"] = now,
            ["modifiedAt"] = now,
            ["author"] = integrationUser.DeepClone(),
            ["modifier"] = integrationUser.DeepClone(),
        };
        return booked;
    }

    private static JsonObject? DualAmount(JsonNode? amount, decimal rate) => amount is null ? null : new JsonObject
    {
        ["base"] = amount.DeepClone(),
        ["counter"] = Eur(amount, rate),
        ["rate"] = rate,
    };

    private static JsonObject Converted(JsonObject taxed, decimal rate) => new()
    {
        ["excludingTaxes"] = Eur(taxed["excludingTaxes"], rate),
        ["taxes"] = taxed["taxes"] is JsonArray taxes
            ? new JsonArray(taxes.Select(t => (JsonNode?)new JsonObject
            {
                ["rateTypeId"] = t?["rateTypeId"]?.DeepClone(),
                ["value"] = Math.Round((t?["value"]?.GetValue<decimal>() ?? 0) * rate, 2),
                ["currency"] = "EUR",
            }).ToArray())
            : new JsonArray(),
        ["includingTaxes"] = Eur(taxed["includingTaxes"], rate),
    };

    private static JsonObject? Eur(JsonNode? amount, decimal rate) => amount?["value"] is null ? null : new JsonObject
    {
        ["value"] = Math.Round(amount["value"]!.GetValue<decimal>() * rate, 2),
        ["currency"] = "EUR",
    };
}
