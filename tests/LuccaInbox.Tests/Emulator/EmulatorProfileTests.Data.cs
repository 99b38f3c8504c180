using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LuccaInbox.Emulator.Profiles;
using LuccaInbox.Emulator.Seeding;
using static LuccaInbox.Tests.Emulator.ProfiledEmulator;

namespace LuccaInbox.Tests.Emulator;

/// <summary>The data-shaped knobs (untidy, sparse) and the strictest combination.</summary>
public sealed partial class EmulatorProfileTests
{
    [Fact]
    public async Task Untidy_items_carry_a_real_tenants_odd_shapes_and_the_emulator_survives_them()
    {
        await using var lucca = await StartAsync("untidy", documents: 60);

        var inbox = await lucca.GetJsonAsync(InboxPath + "?limit=200&fields.root=count");

        var items = inbox["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(60, inbox["count"]!.GetValue<int>());
        Assert.Equal(60, items.Count);
        var documents = items.Select(i => i["document"]!.AsObject()).ToList();
        Assert.Contains(documents, d => Text(d, "owner") == "Jane Doe");
        Assert.Contains(documents, d => !d.ContainsKey("owner"));
        Assert.Contains(documents, d => d.ContainsKey("owner") && d["owner"] is null);
        Assert.Contains(documents, d => !d.ContainsKey("context"));
        Assert.Contains(documents, d => !d.ContainsKey("attachments"));
        Assert.Contains(documents, d => d["attachments"] is JsonArray { Count: 0 });
        Assert.Contains(documents, d => d["attachments"] is JsonObject);
        Assert.Contains(documents, d => d["attachments"] is JsonArray { Count: 1 } a && a[0]!["pages"] is null && a[0]!["file"]!["displayHref"] is not null);
        Assert.Contains(documents, d => d["amountIncludingTaxes"] is JsonObject a && a.ContainsKey("taxes") && a["taxes"] is null);
        Assert.Contains(documents, d => Text(d, "documentDate")?.EndsWith("T00:00:00+01:00", StringComparison.Ordinal) == true);
        Assert.Contains(documents, d => Text(d, "ocrStatus") == "Archived");
        Assert.Contains(documents, d => Text(d, "type") == "ProForma");
        Assert.Contains(documents, d => d["documentNumber"]?.GetValueKind() == JsonValueKind.Number);
        Assert.Contains(documents, d => Text(d, "intraCommunityTaxes") == "false");
        Assert.Contains(documents, d => d.ContainsKey("id") && d["id"] is null);
        Assert.Contains(documents, d => d.ContainsKey("legacyImportBatch"));
        Assert.All(items, i => Assert.True(Id(i) > 0));
        var odd = items.Select((item, index) => (item, index)).Where(x => IsOdd(x.item["document"]!.AsObject())).Select(x => x.index).ToList();
        Assert.Contains(odd, index => index < 20);
        Assert.Contains(odd, index => index >= 40); // spread through the list, not all on page 1

        foreach (var item in items)
        {
            var document = item["document"]!.AsObject();
            if (document["id"] is JsonValue) Assert.Equal(HttpStatusCode.OK, (await lucca.Http.GetAsync(DocumentsPath + Id(document))).StatusCode);
            using var booked = await lucca.BookAsync(Id(item));
            Assert.True((int)booked.StatusCode < 500, $"book {Id(item)}: {(int)booked.StatusCode}");
            if (booked.StatusCode == HttpStatusCode.OK) continue;
            using var put = await lucca.PutAsync(Id(item), new JsonObject { ["document"] = new JsonObject { ["type"] = "Invoice", ["comment"] = "tidied" } });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await lucca.Http.GetAsync(BookedPath + "?limit=200")).StatusCode);
        var withoutPages = documents.Select(d => d["attachments"]).OfType<JsonArray>().First(a => a is [JsonObject { } only] && only["pages"] is null);
        Assert.Equal(HttpStatusCode.OK, (await lucca.Http.GetAsync(withoutPages[0]!["file"]!["displayHref"]!.GetValue<string>())).StatusCode);
    }

    private static bool IsOdd(JsonObject d) =>
        Text(d, "owner") == "Jane Doe" || Text(d, "type") == "ProForma" || Text(d, "ocrStatus") == "Archived" || d["attachments"] is JsonObject
        || (d.ContainsKey("id") && d["id"] is null) || d.ContainsKey("legacyImportBatch") || !d.ContainsKey("owner") || !d.ContainsKey("context")
        || d["documentNumber"]?.GetValueKind() == JsonValueKind.Number || Text(d, "intraCommunityTaxes") == "false";

    [Fact]
    public async Task Sparse_omits_nulls_sends_date_times_and_applies_an_echoed_action()
    {
        await using var lucca = await StartAsync("sparse");
        var inbox = await lucca.GetJsonAsync(InboxPath + "?limit=200");
        var item = await lucca.BookableInvoiceAsync();
        var document = item["document"]!.AsObject();
        var linked = document["context"]!["purchase"]!["id"]!.GetValue<int>();
        var offered = item["action"]!["purchaseId"]!.GetValue<int>();

        Assert.Empty(NullPaths(inbox));
        Assert.All(inbox["items"]!.AsArray(), i => Assert.Equal("AttachPurchase", Text(i!["action"], "type")));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T00:00:00$", Text(document, "documentDate"));
        Assert.NotEqual(linked, offered);
        using var plain = await lucca.PutAsync(Id(item), PutBody(document));
        Assert.Equal(linked, (await plain.Content.ReadFromJsonNodeAsync())["document"]!["context"]!["purchase"]!["id"]!.GetValue<int>());
        var echoing = PutBody(document);
        echoing["action"] = item["action"]!.DeepClone();
        using var echoed = await lucca.PutAsync(Id(item), echoing);
        Assert.Equal(offered, (await echoed.Content.ReadFromJsonNodeAsync())["document"]!["context"]!["purchase"]!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Strictest_plays_every_restrictive_answer_at_once()
    {
        await using var lucca = await StartAsync("strictest", documents: 60);
        var expected = new EmulatorProfile
        {
            PutId = PutIdKind.Document, ETags = ETagMode.PerResource, BookedCreatedAt = BookedCreatedAtMode.UploadTime,
            BookedId = BookedIdMode.New, BookAnswer = BookAnswerMode.NoContent, ExplicitNulls = ExplicitNullsMode.Refused,
            RefuseChunkedBodies = true, MaxPageSizeBefore408 = 200, RetryAfterOn429 = false, OtherIntegrationShare = 0.3,
            UntidyItems = 12, OmitNulls = true, PopulatedAction = true, DateTimes = true,
            PurchaseSupplier = PurchaseSupplierMode.SupplierIdOnly, TerritoryId = TerritoryIdMode.Integer,
            NoBankAccount = SupplierNoBankAccountMode.EmptyObject,
        };
        Assert.Equal(expected, lucca.Emulator.Profile);

        Assert.Equal(HttpStatusCode.RequestTimeout, (await lucca.Http.GetAsync(InboxPath + "?limit=1000")).StatusCode);
        var inbox = await lucca.GetJsonAsync(InboxPath + "?limit=200&fields.root=count");
        Assert.Equal(60, inbox["items"]!.AsArray().Count);
        Assert.Empty(NullPaths(inbox));
        Assert.Contains(inbox["items"]!.AsArray(), i => Text(i!["document"], "type") == "ProForma");

        var item = await lucca.BookableInvoiceAsync();
        var document = item["document"]!.AsObject();
        var (inboxId, documentId) = (Id(item), Id(document));
        using var get = await lucca.Http.GetAsync(DocumentsPath + documentId);
        var documentETag = get.Headers.ETag!.Tag;
        var body = PutBody(document);

        Assert.Equal(HttpStatusCode.NotFound, (await lucca.PutAsync(inboxId, body)).StatusCode);
        Assert.Equal(HttpStatusCode.LengthRequired, (await lucca.PutAsync(documentId, body, chunked: true)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await lucca.PutAsync(documentId, body, documentETag)).StatusCode);
        var withNull = (JsonObject)body.DeepClone();
        withNull["document"]!["accountingLabel"] = null;
        Assert.Equal(HttpStatusCode.BadRequest, (await lucca.PutAsync(documentId, withNull)).StatusCode);
        using var put = await lucca.PutAsync(documentId, body);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Empty(NullPaths(await put.Content.ReadFromJsonNodeAsync()));

        var bookingTime = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");
        using var book = await lucca.BookAsync(documentId, put.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NoContent, book.StatusCode);
        var booked = (await lucca.GetJsonAsync(BookedPath + "?limit=200"))["items"]!.AsArray()
            .Single(d => Text(d, "documentNumber") == Text(document, "documentNumber") && Text(d, "createdAt") == Text(document, "createdAt"));
        Assert.NotEqual(documentId, Id(booked));
        var since = await lucca.GetJsonAsync($"{BookedPath}?limit=200&createdAt.from={Uri.EscapeDataString(bookingTime)}");
        Assert.DoesNotContain(since["items"]!.AsArray(), d => Id(d) == Id(booked));
    }

    [Theory]
    [InlineData(250)]
    [InlineData(6667)]
    [InlineData(70000)]
    public void Inbox_document_and_booked_id_ranges_never_overlap(int documents)
    {
        var (lastInbox, firstDocument) = (5000 + documents, InvoiceSeeder.DocumentIdBase(documents));
        var (lastDocument, firstBooked) = (firstDocument + 3 * (documents - 1), InvoiceSeeder.BookedIdBase(documents));

        Assert.True(lastInbox < firstDocument, $"inbox ids reach {lastInbox}, document ids start at {firstDocument}");
        Assert.True(lastDocument < firstBooked, $"document ids reach {lastDocument}, booked ids start at {firstBooked}");
        if (documents == 250) Assert.Equal((70001, 90001), (firstDocument, firstBooked)); // small tenants keep their ids
    }
}
