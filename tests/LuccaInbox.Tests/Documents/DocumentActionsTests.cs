using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Documents;

namespace LuccaInbox.Tests.Documents;

/// <summary>Saving and booking with the app's real services, against the emulator over loopback HTTP.</summary>
public sealed class DocumentActionsTests
{
    private static bool IsBookPost(LoggedRequest r, int inboxId) =>
        r.Method == "POST" && r.Path == $"/cleemy-procurement/services/inbox-documents/{inboxId}/book";

    private static int BookPosts(WebServicesHost host) => host.Emulator.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/book", StringComparison.Ordinal));

    private static async Task<IReadOnlyList<AuditEntry>> EntriesAsync(WebServicesHost host, int? documentId = null) =>
        await host.AuditReader.SearchAsync(new AuditFilter(DocumentId: documentId, NewestFirst: false));

    private static bool BookedInEmulator(WebServicesHost host, int documentId) => host.Emulator.Emulator.Store.GetBooked(documentId, null) is not null;

    private static bool InEmulatorInbox(WebServicesHost host, int documentId) => host.Emulator.Emulator.Store.GetDocument(documentId) is not null;

    /// <summary>Leaf path → JSON text; empty objects and arrays count as leaves so their presence is compared too.</summary>
    private static Dictionary<string, string> Leaves(JsonNode? node, string path = "", Dictionary<string, string>? into = null)
    {
        into ??= new Dictionary<string, string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                foreach (var (key, value) in o) Leaves(value, path.Length == 0 ? key : $"{path}.{key}", into);
                break;
            case JsonArray a when a.Count > 0:
                for (var i = 0; i < a.Count; i++) Leaves(a[i], $"{path}[{i}]", into);
                break;
            default:
                into[path] = node?.ToJsonString() ?? "null";
                break;
        }
        return into;
    }

    [Fact]
    public async Task An_edit_writes_one_audit_entry_with_exactly_the_changed_fields_and_puts_the_whole_document_back()
    {
        await using var host = await WebServicesHost.StartAsync();
        var original = (await host.InboxItemsAsync()).First(i => i.Document is { AccountingLabel: not null, OcrStatus: "Processed" }
            && i.Document.AmountIncludingTaxes?.IncludingTaxes?.Value is not null && i.Document.Extra?.ContainsKey("supplierReference") == true);
        var document = original.Document!;
        var rawSupplierReference = JsonNode.Parse(host.Emulator.Emulator.Store.GetDocument(document.Id)!.Value.Json)!["supplierReference"];
        Assert.NotNull(rawSupplierReference);
        var including = document.AmountIncludingTaxes!.IncludingTaxes!;
        var newTotal = including.Value!.Value + 10.01m;
        var edited = document with
        {
            AccountingLabel = "6226 Audit test",
            AmountIncludingTaxes = document.AmountIncludingTaxes with { IncludingTaxes = including with { Value = newTotal } },
        };

        var result = await host.Saving.SaveAsync(TestUsers.Editor, original, edited);

        Assert.Equal(SaveStatus.Saved, result.Status);
        var entry = Assert.Single(await EntriesAsync(host));
        Assert.Equal(AuditActions.Edit, entry.Action);
        Assert.Equal(AuditOutcomes.Succeeded, entry.Outcome);
        Assert.Equal(200, entry.LuccaStatus);
        Assert.Equal((TestUsers.Editor.ObjectId, TestUsers.Editor.Name, TestUsers.Editor.Email), (entry.UserObjectId, entry.UserName, entry.UserEmail));
        Assert.Equal((original.Id, document.Id), (entry.InboxId, entry.DocumentId));
        var diff = DocumentDiff.FromJson(entry.DiffJson).ToDictionary(c => c.Path);
        Assert.Equal(["accountingLabel", "amountIncludingTaxes.includingTaxes.value"], diff.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((document.AccountingLabel, "6226 Audit test"), (diff["accountingLabel"].Before, diff["accountingLabel"].After));
        var amountChange = diff["amountIncludingTaxes.includingTaxes.value"];
        Assert.Equal(including.Value, decimal.Parse(amountChange.Before!, CultureInfo.InvariantCulture));
        Assert.Equal(newTotal, decimal.Parse(amountChange.After!, CultureInfo.InvariantCulture));

        // The PUT body: every writable field of the fetched document, only the edited ones different.
        var put = Assert.Single(host.Emulator.Requests, r => r.Method == "PUT");
        Assert.Equal($"/cleemy-procurement/services/inbox-documents/{original.Id}", put.Path);
        Assert.Null(put.IfMatch); // the document's ETag is another resource's: never sent as If-Match on the inbox PUT
        var sent = JsonNode.Parse(put.Body!);
        var unedited = Leaves(JsonSerializer.SerializeToNode(InboxDocumentUpdate.From(original), LuccaJson.Options));
        var body = Leaves(sent);
        Assert.Equal(unedited.Keys.Order(StringComparer.Ordinal), body.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["document.accountingLabel", "document.amountIncludingTaxes.includingTaxes.value"],
            body.Keys.Where(k => body[k] != unedited[k]).Order(StringComparer.Ordinal));
        Assert.Equal("\"6226 Audit test\"", body["document.accountingLabel"]);
        Assert.Equal(newTotal, decimal.Parse(body["document.amountIncludingTaxes.includingTaxes.value"], CultureInfo.InvariantCulture));
        Assert.True(JsonNode.DeepEquals(rawSupplierReference, sent!["document"]!["supplierReference"]), sent.ToJsonString());
        Assert.Contains(body.Keys, k => k.StartsWith("document.supplierReference.", StringComparison.Ordinal));

        Assert.Equal("6226 Audit test", host.Inbox.Current.ById[original.Id].Item.Document!.AccountingLabel); // snapshot updated in place
        Assert.True((await host.Verifier.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task A_save_whose_version_check_cannot_reach_lucca_sends_no_put_and_writes_no_audit_entry()
    {
        await using var host = await WebServicesHost.StartAsync();
        var item = (await host.BookableItemsAsync())[0];
        await host.Emulator.ScriptAsync(new ScriptedFault { DropAfterProcessing = true, Method = "GET", PathContains = "/api/documents/", Times = 10 });

        var result = await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { Comment = "unsaved" });

        Assert.Equal(SaveStatus.Failed, result.Status);
        Assert.Contains("could not be reached", result.Message, StringComparison.Ordinal);
        Assert.Contains(host.Emulator.Requests, r => r.Method == "GET" && r.Path.Contains("/api/documents/", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Emulator.Requests, r => r.Method == "PUT");
        Assert.Empty(await EntriesAsync(host));
    }

    [Fact]
    public async Task A_booking_writes_one_succeeded_book_entry_and_removes_the_item_from_the_inbox_snapshot()
    {
        await using var host = await WebServicesHost.StartAsync();
        var item = (await host.BookableItemsAsync())[0];
        Assert.True(host.Inbox.Current.ById.ContainsKey(item.Id));

        var result = await host.Booking.BookAsync(TestUsers.Booker, item);

        Assert.Equal(BookStatus.Booked, result.Status);
        var entry = Assert.Single(await EntriesAsync(host));
        Assert.Equal((AuditActions.Book, AuditOutcomes.Succeeded, 200), (entry.Action, entry.Outcome, entry.LuccaStatus));
        Assert.Equal((TestUsers.Booker.ObjectId, item.Id, item.Document!.Id), (entry.UserObjectId, entry.InboxId, entry.DocumentId));
        Assert.False(host.Inbox.Current.ById.ContainsKey(item.Id));
        Assert.True(BookedInEmulator(host, item.Document.Id));
        Assert.Equal(1, BookPosts(host));
    }

    [Fact]
    public async Task A_booking_answered_503_is_not_retried_and_is_recorded_failed_as_lucca_shows_an_unbookable_one_is_not_sent_and_a_400_is_recorded()
    {
        // Settled at once: the grace for a POST still on its way has its own test (LostAnswerTests).
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Booking:SettleAfterSeconds"] = "0" });
        var item = (await host.BookableItemsAsync())[0];
        var documentId = item.Document!.Id;
        await host.Emulator.ScriptAsync(new ScriptedFault { Status = 503, Method = "POST", PathContains = "/book" });

        var result = await host.Booking.BookAsync(TestUsers.Booker, item);

        Assert.NotEqual(BookStatus.Booked, result.Status);
        Assert.Equal(BookStatus.Failed, result.Status);
        var post = Assert.Single(host.Emulator.Requests, r => IsBookPost(r, item.Id)); // no blind retry
        Assert.Equal(503, post.Status);
        Assert.Contains(host.Emulator.Requests, r => r.Method == "GET" && r.Path.Contains("booked-documents", StringComparison.Ordinal) && r.Sequence > post.Sequence);
        var entry = Assert.Single(await EntriesAsync(host, documentId));
        var booked = BookedInEmulator(host, documentId);
        Assert.False(booked); // a 503 is answered before the endpoint runs
        Assert.Equal(booked ? AuditOutcomes.Succeeded : AuditOutcomes.Failed, entry.Outcome);
        Assert.Equal(503, entry.LuccaStatus);
        Assert.True(InEmulatorInbox(host, documentId));
        Assert.True(host.Inbox.Current.ById.ContainsKey(item.Id));

        // A document whose OCR is still pending is not bookable: refused here, nothing sent, nothing to audit.
        var pending = (await host.InboxItemsAsync()).First(i => i.Document?.OcrStatus == OcrStatuses.Pending);
        var notSent = await host.Booking.BookAsync(TestUsers.Booker, pending);

        Assert.Equal(BookStatus.Refused, notSent.Status);
        Assert.Contains("OCR", notSent.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Emulator.Requests, r => IsBookPost(r, pending.Id));
        Assert.Empty(await EntriesAsync(host, pending.Document!.Id));

        // One Lucca refuses anyway (a rule of its own): its 400 is recorded as failed, with its status.
        var other = (await host.BookableItemsAsync())[1];
        await host.Emulator.ScriptAsync(new ScriptedFault { Status = 400, Method = "POST", PathContains = "/book" });
        var refused = await host.Booking.BookAsync(TestUsers.Booker, other);

        Assert.Equal(BookStatus.Failed, refused.Status);
        Assert.Equal(400, Assert.Single(host.Emulator.Requests, r => IsBookPost(r, other.Id)).Status);
        var refusedEntry = Assert.Single(await EntriesAsync(host, other.Document!.Id));
        Assert.Equal((AuditActions.Book, AuditOutcomes.Failed, 400), (refusedEntry.Action, refusedEntry.Outcome, refusedEntry.LuccaStatus));
        Assert.True(InEmulatorInbox(host, other.Document.Id));
        Assert.True((await host.Verifier.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task A_booking_whose_answer_is_lost_is_reconciled_as_booked_from_lucca_with_exactly_one_post()
    {
        await using var host = await WebServicesHost.StartAsync();
        var item = (await host.BookableItemsAsync())[0];
        await host.Emulator.ScriptAsync(new ScriptedFault { DropAfterProcessing = true, Method = "POST", PathContains = "/book" });

        var result = await host.Booking.BookAsync(TestUsers.Booker, item);

        Assert.Single(host.Emulator.Requests, r => IsBookPost(r, item.Id));
        Assert.True(BookedInEmulator(host, item.Document!.Id)); // the emulator did the work
        Assert.Equal(BookStatus.Booked, result.Status);
        var entry = Assert.Single(await EntriesAsync(host));
        Assert.Equal(AuditOutcomes.Succeeded, entry.Outcome);
        Assert.Contains("Confirmed in Lucca's booked documents", entry.Error, StringComparison.Ordinal);
        Assert.False(host.Inbox.Current.ById.ContainsKey(item.Id));
    }

    [Fact]
    public async Task With_four_eyes_the_editor_who_saved_cannot_book_and_another_booker_can()
    {
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Booking:FourEyes"] = "true" });
        var item = (await host.BookableItemsAsync())[0];
        var saved = await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { Comment = "Checked against the PO" });
        Assert.Equal(SaveStatus.Saved, saved.Status);

        var refused = await host.Booking.BookAsync(TestUsers.Editor, saved.Saved!);

        Assert.Equal(BookStatus.Refused, refused.Status);
        Assert.Contains("four-eyes", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, BookPosts(host));

        var booked = await host.Booking.BookAsync(TestUsers.Booker, saved.Saved!);

        Assert.Equal(BookStatus.Booked, booked.Status);
        Assert.Equal(1, BookPosts(host));
        var entries = await EntriesAsync(host, item.Document!.Id);
        Assert.Equal([(AuditActions.Edit, TestUsers.Editor.ObjectId, TestUsers.Editor.Name), (AuditActions.Book, TestUsers.Booker.ObjectId, TestUsers.Booker.Name)],
            entries.Select(e => (e.Action, e.UserObjectId, e.UserName)));
        Assert.All(entries, e => Assert.Equal(AuditOutcomes.Succeeded, e.Outcome));
    }

    [Fact]
    public async Task Roles_are_enforced_in_the_service_and_nothing_reaches_lucca_without_them()
    {
        await using var host = await WebServicesHost.StartAsync();
        var item = (await host.BookableItemsAsync())[0];
        var requestsBefore = host.Emulator.Requests.Count;

        await Assert.ThrowsAsync<ForbiddenActionException>(() =>
            host.Saving.SaveAsync(TestUsers.BookOnly, item, item.Document! with { Comment = "not allowed" }));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => host.Booking.BookAsync(TestUsers.EditOnly, item));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => host.Booking.BookAsync(AppUser.Anonymous, item));

        Assert.Equal(requestsBefore, host.Emulator.Requests.Count);
        Assert.Empty(await EntriesAsync(host));
        Assert.True(InEmulatorInbox(host, item.Document!.Id));
    }

    [Fact]
    public async Task Two_concurrent_bookings_of_one_document_send_one_post_and_book_it_once()
    {
        await using var host = await WebServicesHost.StartAsync();
        var item = (await host.BookableItemsAsync())[0];

        var results = await Task.WhenAll(
            Task.Run(() => host.Booking.BookAsync(TestUsers.Booker, item)),
            Task.Run(() => host.Booking.BookAsync(TestUsers.Booker2, item)));

        Assert.Single(host.Emulator.Requests, r => IsBookPost(r, item.Id));
        Assert.Single(results, r => r.Status == BookStatus.Booked);
        Assert.Contains(results.Single(r => r.Status != BookStatus.Booked).Status, new[] { BookStatus.InProgress, BookStatus.AlreadyBooked });
        var entry = Assert.Single(await EntriesAsync(host), e => e.Action == AuditActions.Book);
        Assert.Equal(AuditOutcomes.Succeeded, entry.Outcome);
        Assert.Empty(await host.AuditReader.PendingAsync());
    }
}
