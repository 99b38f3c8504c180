using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Documents;

namespace LuccaInbox.Web.GoLive;

/// <summary>
/// --write-test: no-change PUTs on one inbox item, to learn what the docs leave open: which id the inbox-documents path
/// takes (API-FACTS §5, §15.6) and whether If-Match is honoured (API-FACTS addendum: concurrency control). The body is
/// the document as Lucca gave it (<see cref="InboxDocumentUpdate.Build"/> with nothing edited). It never books.
/// </summary>
public sealed class LuccaWriteTest(ILuccaInvoicesApi api, LuccaCheckReport report, TimeProvider time)
{
    public const string BogusETag = "\"luccainbox-check-bogus\"";

    private sealed record PutResult(HttpStatusCode Status, int? AnsweredDocumentId, string Problem);

    public async Task RunAsync(int inboxId, IReadOnlyList<InboxItem> inbox, CancellationToken ct)
    {
        var item = inbox.FirstOrDefault(i => i.Id == inboxId);
        if (item?.Document is not { Id: > 0 } listed)
        {
            report.Fail("write-id", $"no inbox item {inboxId} with a readable document id → nothing was written; pick an id from the inbox (data-inbox-id in the grid)");
            return;
        }
        var documentId = listed.Id;
        // A path id that is also some other item's document id could write that other document: never try it.
        var documentIds = inbox.Where(i => i.Id != inboxId).Select(i => i.Document?.Id ?? 0).ToHashSet();
        var inboxIds = inbox.Select(i => i.Id).ToHashSet();
        if (documentIds.Contains(inboxId) || (inboxIds.Contains(documentId) && documentId != inboxId))
        {
            report.Warn("write-id", $"inbox item {inboxId} and document {documentId} share ids with other items → nothing was written; try another item, or set Lucca:InboxDocumentsId by hand");
            return;
        }

        var before = await GetAsync(documentId, ct);
        var body = InboxDocumentUpdate.Build(before, before, before);

        var put = await PutAsync(inboxId, body, null, ct);
        var pathId = inboxId;
        if (put.Status == HttpStatusCode.NotFound && documentId != inboxId)
        {
            put = await PutAsync(documentId, body, null, ct);
            pathId = documentId;
        }
        if (!IsSuccess(put.Status))
        {
            report.Fail("write-id", $"the no-change PUT answered {(int)put.Status} by inbox item id {inboxId} and by document id {documentId}: {put.Problem} → the app cannot save documents");
            return;
        }
        if (put.AnsweredDocumentId is { } answered && answered != documentId)
        {
            report.Fail("write-id", $"PUT /inbox-documents/{pathId} answered for document {answered}, not {documentId} → do not go live: the path ids mean something else here");
            return;
        }
        var reading = documentId == inboxId ? null : pathId == inboxId ? nameof(InboxDocumentIdReading.InboxItem) : nameof(InboxDocumentIdReading.Document);
        report.Settings.InboxDocumentsId = reading;
        if (reading is null)
            report.Warn("write-id", $"inbox item {inboxId} holds document {documentId}: the same number, so which id the path takes stays unknown → try another item");
        else
            report.Pass("write-id", $"PUT /services/inbox-documents/{{id}} takes the {reading} id ({pathId}) → Lucca:InboxDocumentsId={reading}");

        var probe = await PutAsync(pathId, body, BogusETag, ct);
        report.Settings.IfMatchHonoured = probe.Status == HttpStatusCode.PreconditionFailed ? true : IsSuccess(probe.Status) ? false : null;
        if (report.Settings.IfMatchHonoured is true)
            report.Pass("if-match", "a PUT with a bogus If-Match got 412 → Lucca:IfMatchHonoured=true: the app sends the inbox item's ETag with each save");
        else if (report.Settings.IfMatchHonoured is false)
            report.Pass("if-match", "a PUT with a bogus If-Match was accepted → Lucca:IfMatchHonoured=false: the app compares content and modifiedAt before each save instead");
        else
            report.Warn("if-match", $"a PUT with a bogus If-Match answered {(int)probe.Status}: {probe.Problem} → unclear: the app sends no If-Match and compares content before each save");

        var after = await GetAsync(documentId, ct);
        var changes = DocumentDiff.Between(item with { Document = before }, item with { Document = after });
        if (changes.Count == 0)
            report.Pass("write-no-change", $"document {documentId} is as it was after the no-change PUTs (modifiedAt and modifier aside) → the app's saves send back what Lucca gave");
        else
            report.Fail("write-no-change", $"the no-change PUTs changed {string.Join(", ", changes.Select(c => $"{c.Path}: {c.Before} → {c.After}"))} → the app's saves would change these fields too: do not go live, report it");
    }

    private async Task<Document> GetAsync(int documentId, CancellationToken ct)
    {
        var response = await api.GetDocumentAsync(documentId, ct);
        return response.IsSuccessStatusCode && response.Content is { } document
            ? document
            : throw new LuccaApiException($"GET /api/documents/{documentId} answered {(int?)response.StatusCode}: nothing was written.", response.StatusCode);
    }

    private async Task<PutResult> PutAsync(int id, JsonObject body, string? ifMatch, CancellationToken ct)
    {
        using var response = await api.PutInboxDocumentRawAsync(id, body, ifMatch, ct);
        if (!IsSuccess(response.StatusCode))
        {
            var problem = await LuccaApiException.FromResponseAsync(response, null, time);
            var errors = string.Concat(problem.Errors.Select(e => $" {e.Key}: {string.Join(" ", e.Value)}"));
            return new PutResult(response.StatusCode, null, report.Scrub(problem.Message + errors));
        }
        return new PutResult(response.StatusCode, AnsweredDocumentId(await response.Content.ReadAsStringAsync(ct)), "");
    }

    private static int? AnsweredDocumentId(string text)
    {
        try
        {
            return JsonNode.Parse(text)?["document"]?["id"] is JsonValue id && id.TryGetValue<int>(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null; // an unreadable answer says nothing about which document was written
        }
    }

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;
}
