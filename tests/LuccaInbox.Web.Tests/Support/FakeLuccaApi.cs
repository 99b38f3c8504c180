using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using Refit;

namespace LuccaInbox.Web.Tests.Support;

/// <summary>
/// A hand-written Lucca: the inbox is a list the test fills, paged the way Lucca pages it (fields.root=count
/// answers the count alone). Writes go through <see cref="OnUpdate"/>, which a test can make fail.
/// </summary>
public sealed class FakeLuccaApi : ILuccaInvoicesApi
{
    // Not in the PUT's request schema (API-FACTS §5): a PUT leaves them as they are; owner is written as ownerId.
    private static readonly string[] ReadOnlyDocumentFields =
        ["id", "documentBreakdown", "attachments", "ocrStatus", "createdAt", "modifiedAt", "author", "modifier"];

    public List<InboxItem> Inbox { get; } = [];

    /// <summary>What a PUT does; by default what Lucca does (<see cref="ApplyUpdate"/>): the sent document is held and answered.</summary>
    public Func<int, JsonObject, InboxItem> OnUpdate { get; set; }

    public List<(int InboxId, JsonObject Update)> Updates { get; } = [];

    /// <summary>The time Lucca stamps on a write (modifiedAt).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public FakeLuccaApi() => OnUpdate = ApplyUpdate;

    /// <summary>
    /// PUT /services/inbox-documents/{id} as Lucca answers it (API-FACTS §5): a full PUT, so the document's writable
    /// fields become exactly what was sent (one left out goes back to its default), the read-only ones stay, ownerId
    /// names the owner, and modifiedAt moves. Lucca holds the result from then on and answers it: the full inbox item.
    /// </summary>
    public InboxItem ApplyUpdate(int inboxId, JsonObject update)
    {
        lock (Inbox)
        {
            var index = Inbox.FindIndex(i => i.Id == inboxId);
            if (index < 0 || Inbox[index].Document is not { } held)
            {
                throw new LuccaApiException($"Lucca PUT answered 404 Not Found", HttpStatusCode.NotFound, "PUT", $"/cleemy-procurement/services/inbox-documents/{inboxId}");
            }
            var current = JsonSerializer.SerializeToNode(held, LuccaJson.Options)!.AsObject();
            var sent = update["document"] as JsonObject ?? [];
            var written = new JsonObject();
            foreach (var field in ReadOnlyDocumentFields)
            {
                if (current.TryGetPropertyValue(field, out var value)) written[field] = value?.DeepClone();
            }
            foreach (var (name, value) in sent)
            {
                if (name != "ownerId") written[name] = value?.DeepClone();
            }
            var ownerId = sent["ownerId"]?.GetValue<int>();
            written["owner"] = ownerId is null ? null
                : ownerId == held.Owner?.Id ? current["owner"]?.DeepClone() : new JsonObject { ["id"] = ownerId };
            var now = Clock.GetUtcNow();
            written["modifiedAt"] = JsonSerializer.SerializeToNode(now, LuccaJson.Options);
            var saved = Inbox[index] with { Document = written.Deserialize<Document>(LuccaJson.Options), ModifiedAt = now };
            Inbox[index] = saved;
            return saved;
        }
    }

    public Task<LuccaCollection<InboxItem>> GetInboxAsync(IDictionary<string, string>? filters, int? limit, int? page, string? fieldsRoot,
        CancellationToken cancellationToken = default)
    {
        if (fieldsRoot == "count") return Task.FromResult(new LuccaCollection<InboxItem> { Items = [], Count = Inbox.Count });
        var size = limit ?? 100;
        var items = Inbox.Skip(((page ?? 1) - 1) * size).Take(size).ToList();
        return Task.FromResult(new LuccaCollection<InboxItem> { Items = items });
    }

    public Task<HttpResponseMessage> PutInboxDocumentRawAsync(int id, JsonObject body, string? ifMatch = null,
        CancellationToken cancellationToken = default)
    {
        Updates.Add((id, body));
        try
        {
            var saved = OnUpdate(id, body);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(JsonSerializer.Serialize(saved, LuccaJson.Options), System.Text.Encoding.UTF8, "application/json"),
            });
        }
        catch (Exception e)
        {
            return Task.FromException<HttpResponseMessage>(e); // as Refit fails: in the task, not on the call
        }
    }

    /// <summary>How many times the current version of a document was asked for.</summary>
    public int DocumentReads;

    /// <summary>The document as Lucca has it now: the one in the inbox, so a save sees no colleague's change.</summary>
    public Task<IApiResponse<Document>> GetDocumentAsync(int documentId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref DocumentReads);
        Document? document;
        lock (Inbox) document = Inbox.Select(i => i.Document).FirstOrDefault(d => d?.Id == documentId);
        var status = document is null ? HttpStatusCode.NotFound : HttpStatusCode.OK;
        var http = new HttpResponseMessage(status)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, $"https://lucca.test/cleemy-procurement/api/documents/{documentId}"),
        };
        IApiResponse<Document> response = new ApiResponse<Document>(http, document, new RefitSettings());
        return Task.FromResult(response);
    }

    public List<int> Booked { get; } = [];

    /// <summary>Awaited before each booking is carried out: a test holds a booking on its way with it.</summary>
    public Func<int, Task> BeforeBook { get; set; } = _ => Task.CompletedTask;

    /// <summary>Books as Lucca does: the item leaves the inbox; the answer is a 200 with no body (API-FACTS §15.7 allows it).</summary>
    public async Task<HttpResponseMessage> BookInboxDocumentRawAsync(int inboxId, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        await BeforeBook(inboxId);
        lock (Inbox)
        {
            var removed = Inbox.RemoveAll(i => i.Id == inboxId);
            if (removed > 0) Booked.Add(inboxId);
            return new HttpResponseMessage(removed > 0 ? HttpStatusCode.OK : HttpStatusCode.NotFound) { Content = new StringContent("") };
        }
    }

    public Task<BookedDocument> GetInvoiceAsync(int invoiceId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Booked invoices are not exercised by the component tests.");

    /// <summary>Booked documents the booked page lists (every filter aside), and the filters each list request carried.</summary>
    public List<BookedDocument> BookedDocuments { get; } = [];
    public List<Dictionary<string, string>> BookedFilters { get; } = [];

    public Task<LuccaCollection<BookedDocument>> GetBookedDocumentsAsync(IDictionary<string, string>? filters, int? limit, int? page,
        string? fieldsRoot, CancellationToken cancellationToken = default)
    {
        BookedFilters.Add(new Dictionary<string, string>(filters ?? new Dictionary<string, string>()));
        return Task.FromResult(new LuccaCollection<BookedDocument> { Items = [.. BookedDocuments], Count = BookedDocuments.Count });
    }

    public List<Supplier> Suppliers { get; } = [];
    public List<Purchase> Purchases { get; } = [];

    public Task<LuccaCollection<Supplier>> GetSuppliersAsync(IDictionary<string, string>? filters, int? limit, int? page, string? fieldsRoot,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(limit == 0
            ? new LuccaCollection<Supplier> { Items = [], Count = Suppliers.Count }
            : new LuccaCollection<Supplier> { Items = Suppliers.Skip(((page ?? 1) - 1) * (limit ?? 100)).Take(limit ?? 100).ToList(), Count = Suppliers.Count });

    public Task<LuccaCollection<Purchase>> GetPurchasesAsync(int? limit, string? page, CancellationToken cancellationToken = default) =>
        Task.FromResult(new LuccaCollection<Purchase> { Items = Purchases.ToList() });

    public Task<Purchase> GetPurchaseAsync(int purchaseId, CancellationToken cancellationToken = default) =>
        Purchases.FirstOrDefault(p => p.Id == purchaseId) is { } purchase
            ? Task.FromResult(purchase)
            : throw new LuccaApiException($"No purchase {purchaseId}.", System.Net.HttpStatusCode.NotFound);

    /// <summary>Originals by file id (the invoice check reads them); any other file is not found.</summary>
    public Dictionary<string, byte[]> Originals { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<HttpResponseMessage> GetFileRawAsync(string fileId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Originals.TryGetValue(fileId, out var bytes)
            ? new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) { Headers = { ContentType = new("application/pdf") } } }
            : new HttpResponseMessage(System.Net.HttpStatusCode.NotFound) { Content = new StringContent("not found") });

    public Task<HttpResponseMessage> GetFileDisplayRawAsync(string fileId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Files are not exercised by the component tests.");

    /// <summary>The page images this Lucca serves (the bytes decide what they are, as for Lucca's); no other page is.</summary>
    public Dictionary<(string FileId, int Page), byte[]> FilePages { get; } = [];

    public Task<HttpResponseMessage> GetFilePageRawAsync(string fileId, int pageNumber, CancellationToken cancellationToken = default) =>
        FilePages.TryGetValue((fileId, pageNumber), out var bytes)
            ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) })
            : throw new NotSupportedException($"Page {pageNumber} of file {fileId} is not served by this test.");
}
