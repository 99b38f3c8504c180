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
    public List<InboxItem> Inbox { get; } = [];

    /// <summary>What a PUT does; by default it answers the item with the sent document, as Lucca does.</summary>
    public Func<int, JsonObject, InboxItem> OnUpdate { get; set; }

    public List<(int InboxId, JsonObject Update)> Updates { get; } = [];

    public FakeLuccaApi() => OnUpdate = (inboxId, update) => Inbox.Single(i => i.Id == inboxId);

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

    /// <summary>The document as Lucca has it now: the one in the inbox, so a save sees no colleague's change.</summary>
    /// <summary>How many times the current version of a document was asked for.</summary>
    public int DocumentReads;

    public Task<IApiResponse<Document>> GetDocumentAsync(int documentId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref DocumentReads);
        var document = Inbox.Select(i => i.Document).FirstOrDefault(d => d?.Id == documentId);
        var status = document is null ? HttpStatusCode.NotFound : HttpStatusCode.OK;
        var http = new HttpResponseMessage(status)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, $"https://lucca.test/cleemy-procurement/api/documents/{documentId}"),
        };
        IApiResponse<Document> response = new ApiResponse<Document>(http, document, new RefitSettings());
        return Task.FromResult(response);
    }

    public List<int> Booked { get; } = [];

    /// <summary>Books as Lucca does: the item leaves the inbox; the answer is a 200 with no body (API-FACTS §15.7 allows it).</summary>
    public Task<HttpResponseMessage> BookInboxDocumentRawAsync(int inboxId, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        lock (Inbox)
        {
            var removed = Inbox.RemoveAll(i => i.Id == inboxId);
            if (removed > 0) Booked.Add(inboxId);
            return Task.FromResult(new HttpResponseMessage(removed > 0 ? HttpStatusCode.OK : HttpStatusCode.NotFound) { Content = new StringContent("") });
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

    public Task<HttpResponseMessage> GetFileRawAsync(string fileId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Files are not exercised by the component tests.");

    public Task<HttpResponseMessage> GetFileDisplayRawAsync(string fileId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Files are not exercised by the component tests.");

    public Task<HttpResponseMessage> GetFilePageRawAsync(string fileId, int pageNumber, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Files are not exercised by the component tests.");
}
