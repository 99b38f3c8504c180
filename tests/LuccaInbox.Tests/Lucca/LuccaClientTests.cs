using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Tests.Support;

namespace LuccaInbox.Tests.Lucca;

public sealed class LuccaClientTests
{
    [Fact]
    public async Task Reading_2345_documents_makes_one_count_call_and_three_page_calls_and_returns_each_once()
    {
        await using var host = await LuccaTestHost.StartAsync(documents: 2345);

        var items = await host.Api.GetAllInboxItemsAsync();

        Assert.Equal(2345, items.Count);
        Assert.Equal(2345, items.Select(i => i.Id).Distinct().Count());
        var calls = host.Requests.Where(r => r.Path == "/cleemy-procurement/services/inbox").ToList();
        Assert.Equal(4, calls.Count);
        Assert.Contains("fields.root=count", calls[0].Query);
        Assert.Contains("limit=0", calls[0].Query);
        Assert.All(calls.Skip(1), c => Assert.Contains("limit=1000", c.Query));
        Assert.Equal(["page=1", "page=2", "page=3"], calls.Skip(1).Select(c => c.Query.TrimStart('?').Split('&').Single(p => p.StartsWith("page=", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Paging_sends_the_same_filters_on_the_count_call_and_on_every_page()
    {
        await using var host = await LuccaTestHost.StartAsync(documents: 300);
        var filters = new Dictionary<string, string> { ["document.ocrStatus"] = "Processed" };

        var items = await host.Api.GetAllInboxItemsAsync(filters, pageSize: 50);

        Assert.All(items, i => Assert.Equal(OcrStatuses.Processed, i.Document!.OcrStatus));
        Assert.All(host.Requests, r => Assert.Contains("document.ocrStatus=Processed", r.Query));
        Assert.Equal(1 + (int)Math.Ceiling(items.Count / 50.0), host.Requests.Count);
    }

    [Fact]
    public async Task A_get_then_put_without_edit_leaves_the_document_equal_unknown_fields_included()
    {
        await using var host = await LuccaTestHost.StartAsync();
        var item = (await host.Api.GetAllInboxItemsAsync()).First(i => i.Document?.AmountIncludingTaxes is not null);
        var before = await DocumentJson(host, item.Document!.Id);
        Assert.NotNull(before["supplierReference"]); // a property the client has no model for

        await host.PutUnchangedAsync(item);

        var after = await DocumentJson(host, item.Document.Id);
        foreach (var changedByAnyWrite in new[] { "modifiedAt", "modifier" })
        {
            before.Remove(changedByAnyWrite);
            after.Remove(changedByAnyWrite);
        }
        Assert.True(JsonNode.DeepEquals(before, after), $"before: {before}\nafter:  {after}");
    }

    [Fact]
    public async Task The_emulator_resets_fields_left_out_of_a_put_so_a_partial_client_would_lose_data()
    {
        await using var host = await LuccaTestHost.StartAsync();
        var item = (await host.Api.GetAllInboxItemsAsync()).First(i => i.Document?.DocumentNumber is not null);
        using var partial = new StringContent("""{"document":{"type":"Invoice"}}""", System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/cleemy-procurement/services/inbox-documents/{item.Id}") { Content = partial };
        request.Headers.TryAddWithoutValidation("Authorization", $"lucca application={host.Emulator.ApiKey}");

        using var response = await host.Admin.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var after = await DocumentJson(host, item.Document!.Id);
        Assert.Null(after["documentNumber"]);
        Assert.Null(after["amountIncludingTaxes"]);
    }

    [Fact]
    public async Task The_put_path_takes_the_inbox_item_id_which_differs_from_the_document_id()
    {
        await using var host = await LuccaTestHost.StartAsync();
        var item = (await host.Api.GetAllInboxItemsAsync()).First();
        Assert.NotEqual(item.Id, item.Document!.Id);

        using var byDocumentId = await host.Api.PutInboxDocumentRawAsync(item.Document.Id, InboxDocumentUpdate.Build(item.Document, item.Document, item.Document));

        Assert.Equal(HttpStatusCode.NotFound, byDocumentId.StatusCode);
    }

    [Fact]
    public async Task A_429_with_retry_after_2_is_waited_out_and_then_succeeds()
    {
        await using var host = await LuccaTestHost.StartAsync();
        await host.ScriptAsync(new ScriptedFault { Status = 429, RetryAfterSeconds = 2, PathContains = "/services/inbox" });
        var clock = Stopwatch.StartNew();

        var page = await host.Api.GetInboxAsync(null, 10, 1, null);

        Assert.Equal(10, page.Items!.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"retried after {clock.Elapsed}");
        Assert.Equal([429, 200], host.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_503_on_a_read_is_retried_but_a_400_is_not()
    {
        await using var host = await LuccaTestHost.StartAsync();
        await host.ScriptAsync(new ScriptedFault { Status = 503, PathContains = "/services/inbox" });
        await host.Api.GetInboxAsync(null, 5, 1, null);
        Assert.Equal([503, 200], host.Requests.Select(r => r.Status));

        host.Emulator.Requests.Clear();
        await Assert.ThrowsAsync<LuccaApiException>(() => host.Api.GetInboxAsync(null, 5000, 1, null));
        Assert.Single(host.Requests);
    }

    [Fact]
    public async Task A_408_is_retried_and_a_500_is_reported_as_it_is()
    {
        await using var host = await LuccaTestHost.StartAsync();
        await host.ScriptAsync(new ScriptedFault { Status = 408, PathContains = "/services/inbox" });
        await host.Api.GetInboxAsync(null, 5, 1, null);
        Assert.Equal([408, 200], host.Requests.Select(r => r.Status));

        host.Emulator.Requests.Clear();
        await host.ScriptAsync(new ScriptedFault { Status = 500, PathContains = "/services/inbox" });
        var error = await Assert.ThrowsAsync<LuccaApiException>(() => host.Api.GetInboxAsync(null, 5, 1, null));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Single(host.Requests); // "maybe" retryable per the docs: not retried, the user sees it and can retry
    }

    [Fact]
    public async Task Nulls_where_objects_were_expected_and_missing_fields_do_not_break_the_inbox()
    {
        await using var host = await LuccaTestHost.StartAsync();
        await host.ScriptAsync(new ScriptedFault
        {
            Status = 200, ContentType = "application/json", PathContains = "/services/inbox",
            Body = """{"items":[{"id":1,"document":null,"source":null,"action":null},{"id":2},{"id":3,"document":{"id":9,"amountIncludingTaxes":{"includingTaxes":null},"attachments":null,"owner":null}}]}""",
        });

        var page = await host.Api.GetInboxAsync(null, 10, 1, null);
        var snapshot = new LuccaInbox.Web.Inbox.InboxSnapshot(page.Items!, DateTimeOffset.UtcNow);

        Assert.Equal([1, 2, 3], snapshot.Rows.Select(r => r.InboxId));
        Assert.Null(snapshot.ById[3].AmountIncludingTaxes);
        Assert.Equal(3, LuccaInbox.Web.Inbox.InboxQueries.Run(snapshot, new LuccaInbox.Web.Inbox.InboxQuery { Sort = "amount" }, new DateOnly(2026, 12, 2)).Total);
    }

    [Fact]
    public async Task A_wrong_key_surfaces_as_401_without_the_key_in_the_message()
    {
        await using var host = await LuccaTestHost.StartAsync(clientSettings: new Dictionary<string, string?> { ["Lucca:ApiKey"] = "wrong-secret-key-123" });

        var error = await Assert.ThrowsAsync<LuccaApiException>(() => host.Api.GetInboxAsync(null, 1, 1, null));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("Unauthorized", error.Title);
        Assert.DoesNotContain("wrong-secret-key-123", error.ToString());
        Assert.DoesNotContain(host.Emulator.ApiKey, error.ToString());
    }

    [Fact]
    public async Task A_validation_error_surfaces_its_problem_details_and_field_errors()
    {
        await using var host = await LuccaTestHost.StartAsync();
        var item = (await host.Api.GetAllInboxItemsAsync()).First(i => i.Document?.AmountIncludingTaxes is not null);
        var bad = item.Document! with { Type = "Receipt" };

        var error = await Assert.ThrowsAsync<LuccaApiException>(() => host.PutEditedAsync(item, bad));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("One or more validation errors occurred.", error.Title);
        Assert.Contains("document.type", error.Errors.Keys);
    }

    [Fact]
    public async Task An_html_error_page_from_a_proxy_becomes_a_readable_exception()
    {
        await using var host = await LuccaTestHost.StartAsync(clientSettings: new Dictionary<string, string?> { ["Lucca:MaxRetries"] = "0" });
        await host.ScriptAsync(new ScriptedFault { Status = 502, Body = "<html><body><h1>502 Bad Gateway</h1></body></html>" });

        var error = await Assert.ThrowsAsync<LuccaApiException>(() => host.Api.GetInboxAsync(null, 1, 1, null));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("502 Bad Gateway", error.Message);
    }

    [Fact]
    public async Task Malformed_json_in_a_success_response_becomes_a_LuccaApiException()
    {
        await using var host = await LuccaTestHost.StartAsync();
        await host.ScriptAsync(new ScriptedFault { Status = 200, Body = "{\"items\": [ {\"id\": ", ContentType = "application/json" });

        var error = await Assert.ThrowsAsync<LuccaApiException>(() => host.Api.GetInboxAsync(null, 1, 1, null));

        Assert.Contains("could not be read", error.Message);
    }

    [Fact]
    public async Task Booking_removes_the_item_from_the_inbox_and_the_invoice_is_then_readable()
    {
        await using var host = await LuccaTestHost.StartAsync();
        var item = (await host.Api.GetAllInboxItemsAsync()).First(i =>
            i.Document is { Type: DocumentTypes.Invoice, OcrStatus: OcrStatuses.Processed, DocumentNumber: not null });

        var booked = await host.BookAsync(item);

        Assert.Equal(item.Document!.Id, booked!.Id);
        var post = host.Requests.Single(r => r.Method == "POST");
        Assert.Equal(0, post.ContentLength);
        Assert.Null(post.Body);
        var inbox = await host.Api.GetAllInboxItemsAsync();
        Assert.DoesNotContain(inbox, i => i.Id == item.Id);
        var invoice = await host.Api.GetInvoiceAsync(item.Document.Id);
        Assert.Equal(item.Document.DocumentNumber, invoice.DocumentNumber);
        Assert.Equal("ToReview", invoice.ConformityState);
        Assert.Equal("None", invoice.PaymentState);
        Assert.Equal(item.Document.AmountIncludingTaxes!.IncludingTaxes!.Value, invoice.AmountIncludingTaxes!.Base!.IncludingTaxes!.Value);
    }

    [Fact]
    public async Task A_booking_answered_503_is_not_retried_because_it_may_have_been_processed()
    {
        await using var host = await LuccaTestHost.StartAsync();
        var item = (await host.Api.GetAllInboxItemsAsync()).First(i => i.Document is { OcrStatus: OcrStatuses.Processed });
        await host.ScriptAsync(new ScriptedFault { Status = 503, PathContains = "/book" });

        var error = await Assert.ThrowsAsync<LuccaApiException>(() => host.BookAsync(item));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(host.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Booking_twice_gives_404_the_second_time()
    {
        await using var host = await LuccaTestHost.StartAsync();
        var item = (await host.Api.GetAllInboxItemsAsync()).First(i => i.Document is { OcrStatus: OcrStatuses.Processed });
        await host.BookAsync(item);

        var error = await Assert.ThrowsAsync<LuccaApiException>(() => host.BookAsync(item));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task A_put_with_a_stale_etag_is_refused_with_412()
    {
        await using var host = await LuccaTestHost.StartAsync();
        var item = (await host.Api.GetAllInboxItemsAsync()).First(i => i.Document?.AmountIncludingTaxes is not null);
        var read = await host.Api.GetDocumentAsync(item.Document!.Id);
        var etag = read.Headers!.ETag!.ToString();
        await host.PutUnchangedAsync(item, etag);

        var error = await Assert.ThrowsAsync<LuccaApiException>(() => host.PutUnchangedAsync(item, etag));

        Assert.True(error.IsPreconditionFailed);
    }

    [Fact]
    public async Task Booked_documents_filter_conformity_per_type_and_created_since()
    {
        await using var host = await LuccaTestHost.StartAsync(documents: 200);
        var filters = new Dictionary<string, string> { ["invoice.conformityStates"] = "Confirmed", ["creditNote.conformityStates"] = "Confirmed" };

        var confirmed = await host.Api.GetAllBookedDocumentsAsync(filters);

        Assert.NotEmpty(confirmed);
        Assert.All(confirmed, d => Assert.Equal("Confirmed", d.ConformityState));
        var all = await host.Api.GetAllBookedDocumentsAsync();
        var since = all.Max(d => d.CreatedAt)!.Value;
        var recent = await host.Api.GetAllBookedDocumentsAsync(new Dictionary<string, string> { ["createdAt.from"] = since.ToString("O") });
        Assert.All(recent, d => Assert.True(d.CreatedAt >= since));
        Assert.NotEmpty(recent);
    }

    private static async Task<JsonObject> DocumentJson(LuccaTestHost host, int documentId)
    {
        using var raw = new HttpRequestMessage(HttpMethod.Get, $"/cleemy-procurement/api/documents/{documentId}");
        raw.Headers.TryAddWithoutValidation("Authorization", $"lucca application={host.Emulator.ApiKey}");
        using var reply = await host.Admin.SendAsync(raw);
        return JsonNode.Parse(await reply.Content.ReadAsStringAsync())!.AsObject();
    }
}
