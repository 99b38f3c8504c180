using System.Text.Json.Nodes;

namespace LuccaInbox.Emulator.Profiles;

/// <summary>
/// Gives some inbox items the shapes a real tenant's history accumulates (2026-12-02 addendum "untidy data", API-FACTS
/// §15.20: any property may be null or missing, dates may carry a time part, enums may grow). Every item keeps its inbox id.
/// </summary>
public static class UntidyData
{
    /// <summary>One odd shape each. Ordered so that the two shapes one item may get (k and k + 12) never touch the same property.</summary>
    public static readonly IReadOnlyList<(string Name, Action<JsonObject> Apply)> Shapes =
    [
        ("owner null", d => d["owner"] = null),
        ("owner missing", d => d.Remove("owner")),
        ("owner as a string", d => d["owner"] = "Jane Doe"),
        ("context missing", d => d.Remove("context")),
        ("attachments missing", d => d.Remove("attachments")),
        ("attachments empty", d => d["attachments"] = new JsonArray()),
        ("attachment without pages", d => d["attachments"] = new JsonArray(WithoutPages(d["attachments"]))),
        ("attachments as an object", d => d["attachments"] = FirstAttachment(d["attachments"]) ?? new JsonObject()),
        ("amountIncludingTaxes null", d => d["amountIncludingTaxes"] = null),
        ("taxes null", d => Amounts(d)["taxes"] = null),
        ("dates with a time part and an offset", d => { WithOffset(d, "documentDate"); WithOffset(d, "dueDate"); }),
        ("unknown ocrStatus", d => d["ocrStatus"] = "Archived"),
        ("unknown type", d => d["type"] = "ProForma"),
        ("documentNumber as a number", d => d["documentNumber"] = 12345),
        ("intraCommunityTaxes as a string", d => d["intraCommunityTaxes"] = "false"),
        ("bankAccount null", d => Payment(d)["bankAccount"] = null),
        ("document id null", d => d["id"] = null),
        ("unknown properties", d => { d["legacyImportBatch"] = "2019-07"; d["customFields"] = new JsonObject { ["costCenter"] = "CC-42" }; }),
    ];

    /// <summary>Roughens <paramref name="count"/> items of <paramref name="inbox"/>, spread through the list from the
    /// seed (not all on the first page). Returns the inbox ids of the items changed.</summary>
    public static IReadOnlyList<int> Apply(IReadOnlyList<JsonObject> inbox, int count, int seed)
    {
        count = Math.Min(count, inbox.Count);
        if (count <= 0) return [];
        var random = new Random(unchecked(seed * 31 + 7));
        var stride = (double)inbox.Count / count;
        var changed = new List<int>();
        for (var k = 0; k < count; k++)
        {
            var (first, end) = ((int)(k * stride), (int)((k + 1) * stride)); // disjoint slices: one item per slice
            var index = first + random.Next(Math.Max(1, end - first));
            var item = inbox[index];
            if (item["document"] is not JsonObject document) continue;
            for (var shape = k; shape < Shapes.Count; shape += count) Shapes[shape].Apply(document);
            changed.Add(item["id"]!.GetValue<int>());
        }
        return changed;
    }

    private static JsonObject? FirstAttachment(JsonNode? attachments) =>
        attachments is JsonArray { Count: > 0 } a && a[0] is JsonObject first ? (JsonObject)first.DeepClone() : null;

    private static JsonObject WithoutPages(JsonNode? attachments)
    {
        var href = FirstAttachment(attachments)?["file"]?["displayHref"]?.DeepClone();
        return new JsonObject { ["file"] = new JsonObject { ["displayHref"] = href ?? "/cleemy-procurement/api/files/unknown/display" } };
    }

    private static JsonObject Amounts(JsonObject document)
    {
        if (document["amountIncludingTaxes"] is JsonObject amounts) return amounts;
        var created = new JsonObject
        {
            ["excludingTaxes"] = new JsonObject { ["value"] = 100, ["currency"] = "EUR" },
            ["includingTaxes"] = new JsonObject { ["value"] = 120, ["currency"] = "EUR" },
        };
        document["amountIncludingTaxes"] = created;
        return created;
    }

    private static JsonObject Payment(JsonObject document)
    {
        if (document["paymentDetails"] is JsonObject payment) return payment;
        var created = new JsonObject { ["paymentMethod"] = "BankTransfer" };
        document["paymentDetails"] = created;
        return created;
    }

    private static void WithOffset(JsonObject document, string property) =>
        document[property] = (document[property] is JsonValue v && v.TryGetValue<string>(out var date) && date.Length == 10 ? date : "2024-03-01")
            + "T00:00:00+01:00";
}
