using System.Net;
using System.Text.Json.Nodes;
using LuccaInbox.Emulator;
using LuccaInbox.Emulator.Profiles;
using static LuccaInbox.Tests.Emulator.ProfiledEmulator;

namespace LuccaInbox.Tests.Emulator;

/// <summary>Each Emulator:Profile knob, seen over raw HTTP as any Lucca client would see it.</summary>
public sealed partial class EmulatorProfileTests
{
    public static TheoryData<string> ProfileNames()
    {
        var names = new TheoryData<string>();
        foreach (var name in EmulatorProfile.Names) names.Add(name);
        return names;
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public async Task Every_profile_starts_and_serves_the_inbox_count(string profile)
    {
        await using var lucca = await StartAsync(profile, documents: 25);

        var count = await lucca.GetJsonAsync(InboxPath + "?limit=0&fields.root=count");

        Assert.Equal(25, count["count"]!.GetValue<int>());
        Assert.Empty(count["items"]!.AsArray());
    }

    [Fact]
    public async Task An_unknown_profile_name_fails_at_start_up_and_lists_the_known_names()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync("default,no-such-tenant"));

        Assert.Contains("no-such-tenant", error.Message);
        Assert.All(EmulatorProfile.Names, name => Assert.Contains(name, error.Message));
    }

    [Fact]
    public void Names_combine_in_order_and_later_names_win()
    {
        Assert.Equal(new EmulatorProfile(), EmulatorProfile.Parse(null));
        Assert.Equal(BookAnswerMode.NoContent, EmulatorProfile.Parse("book-accepted, book-no-content").BookAnswer);
        var combined = EmulatorProfile.Parse("document-id,no-etags");
        Assert.Equal((PutIdKind.Document, ETagMode.None), (combined.PutId, combined.ETags));
        Assert.Equal(new EmulatorProfile(), EmulatorProfile.Parse("strictest,default"));
    }

    [Fact]
    public async Task Default_takes_the_inbox_item_id_and_the_admin_endpoint_shows_the_knobs()
    {
        await using var lucca = await StartAsync("default");
        var item = await lucca.BookableInvoiceAsync();
        var document = item["document"]!.AsObject();

        Assert.Equal(HttpStatusCode.NotFound, (await lucca.PutAsync(Id(document), PutBody(document))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lucca.PutAsync(Id(item), PutBody(document))).StatusCode);
        var shown = await lucca.GetJsonAsync("/emulator/profile");
        Assert.Equal("default", shown["name"]!.GetValue<string>());
        Assert.Equal("InboxItem", shown["knobs"]!["putId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Document_id_profile_takes_the_document_id_and_404s_an_inbox_id()
    {
        await using var lucca = await StartAsync("document-id");
        var items = await lucca.InboxItemsAsync();
        var item = await lucca.BookableInvoiceAsync();
        var document = item["document"]!.AsObject();

        Assert.Empty(items.Select(i => Id(i)).Intersect(items.Select(i => Id(i["document"])))); // no id is both kinds
        Assert.Equal(HttpStatusCode.NotFound, (await lucca.PutAsync(Id(item), PutBody(document))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lucca.PutAsync(Id(document), PutBody(document))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lucca.BookAsync(Id(item))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lucca.BookAsync(Id(document))).StatusCode);
    }

    [Fact]
    public async Task Per_resource_etags_refuse_the_documents_etag_and_take_the_inbox_items()
    {
        await using var lucca = await StartAsync("per-resource-etags");
        var item = await lucca.BookableInvoiceAsync();
        var document = item["document"]!.AsObject();
        using var get = await lucca.Http.GetAsync(DocumentsPath + Id(document));
        var documentETag = get.Headers.ETag!.Tag;

        Assert.Equal($"\"doc-{Id(document)}-v1\"", documentETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await lucca.PutAsync(Id(item), PutBody(document), documentETag)).StatusCode);
        using var first = await lucca.PutAsync(Id(item), PutBody(document));
        var inboxETag = first.Headers.ETag!.Tag;
        Assert.Equal($"\"inbox-{Id(item)}-v2\"", inboxETag);
        Assert.Equal(HttpStatusCode.OK, (await lucca.PutAsync(Id(item), PutBody(document), inboxETag)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await lucca.BookAsync(Id(item), inboxETag)).StatusCode); // stale now
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await lucca.BookAsync(Id(item), documentETag)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lucca.BookAsync(Id(item), $"\"inbox-{Id(item)}-v3\"")).StatusCode);
    }

    [Theory]
    [InlineData("ignored-etags", true)]
    [InlineData("no-etags", false)]
    public async Task Ignored_and_absent_etags_never_answer_412(string profile, bool etagsSent)
    {
        await using var lucca = await StartAsync(profile);
        var item = await lucca.BookableInvoiceAsync();
        var document = item["document"]!.AsObject();
        using var get = await lucca.Http.GetAsync(DocumentsPath + Id(document));
        using var put = await lucca.PutAsync(Id(item), PutBody(document), "\"not-a-version\"");

        Assert.Equal(etagsSent, get.Headers.ETag is not null);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(etagsSent, put.Headers.ETag is not null);
        Assert.Equal(HttpStatusCode.OK, (await lucca.BookAsync(Id(item), "\"not-a-version\"")).StatusCode);
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("upload-time", false)]
    public async Task Booked_created_at_is_the_booking_time_or_the_upload_time(string profile, bool foundSinceBooking)
    {
        await using var lucca = await StartAsync(profile);
        var item = await lucca.BookableInvoiceAsync();
        var document = item["document"]!.AsObject();
        var bookingTime = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");

        var booked = await (await lucca.BookAsync(Id(item))).Content.ReadFromJsonNodeAsync();
        var since = await lucca.GetJsonAsync($"{BookedPath}?limit=1000&createdAt.from={Uri.EscapeDataString(bookingTime)}");

        Assert.Equal(foundSinceBooking, since["items"]!.AsArray().Any(d => Id(d) == Id(booked)));
        Assert.Equal(!foundSinceBooking, Text(booked, "createdAt") == Text(document, "createdAt"));
    }

    [Fact]
    public async Task New_booked_ids_differ_from_the_document_id_and_the_invoice_is_found_by_the_new_one()
    {
        await using var lucca = await StartAsync("new-booked-ids");
        var item = await lucca.BookableInvoiceAsync();
        var documentId = Id(item["document"]);

        var booked = await (await lucca.BookAsync(Id(item))).Content.ReadFromJsonNodeAsync();

        Assert.NotEqual(documentId, Id(booked));
        Assert.Equal(HttpStatusCode.OK, (await lucca.Http.GetAsync($"/cleemy-procurement/api/invoices/{Id(booked)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lucca.Http.GetAsync($"/cleemy-procurement/api/invoices/{documentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lucca.Http.GetAsync(DocumentsPath + documentId)).StatusCode);
    }

    [Theory]
    [InlineData("book-no-content", HttpStatusCode.NoContent)]
    [InlineData("book-accepted", HttpStatusCode.Accepted)]
    public async Task Book_answers_204_without_a_body_or_202_with_the_id(string profile, HttpStatusCode expected)
    {
        await using var lucca = await StartAsync(profile);
        var item = await lucca.BookableInvoiceAsync();

        using var response = await lucca.BookAsync(Id(item));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.NoContent) Assert.Empty(body);
        else Assert.Equal(Id(item["document"]), Id(JsonNode.Parse(body)));
        Assert.Equal(HttpStatusCode.OK, (await lucca.Http.GetAsync($"/cleemy-procurement/api/invoices/{Id(item["document"])}")).StatusCode);
    }

    [Fact]
    public async Task No_nulls_refuses_explicit_nulls_by_path_and_never_sends_one()
    {
        await using var lucca = await StartAsync("no-nulls");
        var inbox = await lucca.GetJsonAsync(InboxPath + "?limit=1000");
        var item = await lucca.BookableInvoiceAsync();
        var body = PutBody(item["document"]!.AsObject());
        body["document"]!["comment"] = null;
        body["document"]!["paymentDetails"] = new JsonObject { ["paymentMethod"] = "BankTransfer", ["bankAccount"] = null };

        using var refused = await lucca.PutAsync(Id(item), body);
        var problem = await refused.Content.ReadFromJsonNodeAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull(problem["errors"]!["document.comment"]);
        Assert.NotNull(problem["errors"]!["document.paymentDetails.bankAccount"]);
        Assert.Empty(NullPaths(inbox));
        Assert.Empty(NullPaths(await lucca.GetJsonAsync(DocumentsPath + Id(item["document"]))));
        using var accepted = await lucca.PutAsync(Id(item), PutBody(item["document"]!.AsObject()));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Empty(NullPaths(await accepted.Content.ReadFromJsonNodeAsync()));
    }

    [Fact]
    public async Task No_chunked_answers_411_to_a_chunked_body_and_200_with_a_content_length()
    {
        await using var lucca = await StartAsync("no-chunked");
        var item = await lucca.BookableInvoiceAsync();
        var body = PutBody(item["document"]!.AsObject());

        Assert.Equal(HttpStatusCode.LengthRequired, (await lucca.PutAsync(Id(item), body, chunked: true)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lucca.PutAsync(Id(item), body)).StatusCode);
    }

    [Fact]
    public async Task Small_pages_answer_408_above_200_items_a_page()
    {
        await using var lucca = await StartAsync("small-pages");

        Assert.Equal(HttpStatusCode.RequestTimeout, (await lucca.Http.GetAsync(InboxPath + "?limit=1000")).StatusCode);
        Assert.Equal(HttpStatusCode.RequestTimeout, (await lucca.Http.GetAsync(BookedPath + "?limit=1000&page=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lucca.Http.GetAsync(InboxPath + "?limit=100")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lucca.Http.GetAsync(BookedPath + "?limit=200")).StatusCode);
    }

    [Fact]
    public async Task Busy_tenant_answers_429_without_retry_after_before_our_own_count_reaches_the_limit()
    {
        await using var lucca = await StartAsync("busy-tenant", settings: new Dictionary<string, string?> { ["Emulator:RequestsPerMinute"] = "10" });

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++) statuses.Add(await lucca.Http.GetAsync(InboxPath + "?limit=0&fields.root=count"));

        Assert.Equal(7, statuses.Count(r => r.StatusCode == HttpStatusCode.OK)); // 30 % of 10 is spent by another integration
        Assert.All(statuses.Skip(7), r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.All(statuses.Skip(7), r => Assert.Null(r.Headers.RetryAfter));
    }

    [Fact]
    public async Task Retry_after_can_be_an_http_date()
    {
        await using var lucca = await StartAsync("retry-after-date", settings: new Dictionary<string, string?> { ["Emulator:RequestsPerMinute"] = "1" });

        await lucca.Http.GetAsync(InboxPath + "?limit=0");
        using var limited = await lucca.Http.GetAsync(InboxPath + "?limit=0");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter!.Date > DateTimeOffset.UtcNow.AddSeconds(-5));
    }
}
