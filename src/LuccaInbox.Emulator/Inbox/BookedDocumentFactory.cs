using System.Text.Json.Nodes;
using LuccaInbox.Emulator.Infrastructure;

namespace LuccaInbox.Emulator.Inbox;

/// <summary>What a booked invoice or credit note looks like right after booking (API-FACTS §9, §15.8-9).</summary>
public static class BookedDocumentFactory
{
    /// <summary>Why a document cannot be booked (API-FACTS §15.7, §15.9); null when it can. Reads untidy shapes without throwing.</summary>
    public static string? BookingBlocker(JsonObject document)
    {
        var ocr = QueryFilters.Text(document, "ocrStatus");
        if (ocr is "Pending" or "Processing") return $"The document cannot be booked while its OCR is {ocr}.";
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(QueryFilters.Text(document, "documentNumber"))) missing.Add("documentNumber");
        if (document["documentDate"] is null) missing.Add("documentDate");
        if (document["owner"] is null) missing.Add("owner");
        if (QueryFilters.Text(document, "amountIncludingTaxes", "includingTaxes", "value") is null) missing.Add("amountIncludingTaxes.includingTaxes");
        return missing.Count > 0 ? $"The document cannot be booked without: {string.Join(", ", missing)}." : null;
    }

    /// <param name="id">The booked id: the document's own or a new one (API-FACTS §15.8).</param>
    /// <param name="createdAt">Booking time or upload time, as the profile plays it (2026-12-02 addendum).</param>
    public static JsonObject From(JsonObject document, int id, string createdAt, string now, JsonObject integrationUser)
    {
        var amounts = document["amountIncludingTaxes"] as JsonObject;
        var currency = QueryFilters.Text(amounts, "includingTaxes", "currency") ?? "EUR";
        var rate = LuccaCurrencies.EurRates.GetValueOrDefault(currency, 1m);
        var purchase = (document["context"] as JsonObject)?["purchase"]?.DeepClone();

        var booked = new JsonObject
        {
            ["id"] = id,
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
            ["createdAt"] = createdAt,
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
