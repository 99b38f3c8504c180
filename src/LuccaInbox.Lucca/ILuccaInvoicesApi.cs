using System.Text.Json.Nodes;
using LuccaInbox.Lucca.Models;
using Refit;

namespace LuccaInbox.Lucca;

/// <summary>
/// Lucca Invoices (Cleemy Procurement). Every call goes through the handlers registered by
/// <see cref="LuccaServiceCollectionExtensions.AddLuccaClient"/>: auth header, retries, the shared rate limit.
/// Filters are a raw dictionary because the inbox filter names are not documented (API-FACTS §15.1).
/// </summary>
public interface ILuccaInvoicesApi
{
    [Get("/cleemy-procurement/services/inbox")]
    Task<LuccaCollection<InboxItem>> GetInboxAsync(
        [Query] IDictionary<string, string>? filters,
        int? limit,
        int? page,
        [AliasAs("fields.root")] string? fieldsRoot,
        CancellationToken cancellationToken = default);

    /// <summary>PUT the complete document, a body made by <see cref="InboxDocumentUpdate.Build"/>. Which id {id} takes is an
    /// open question (API-FACTS §5, §15.6): call it through <see cref="LuccaWrites"/>, which knows. Raw, for the ETag.</summary>
    [Put("/cleemy-procurement/services/inbox-documents/{id}")]
    Task<HttpResponseMessage> PutInboxDocumentRawAsync(
        int id,
        [Body] JsonObject body,
        [Header("If-Match")] string? ifMatch = null,
        CancellationToken cancellationToken = default);

    /// <summary>No body is sent (Content-Length: 0); the response status and body are undocumented (API-FACTS §6, §15.7).</summary>
    [Post("/cleemy-procurement/services/inbox-documents/{id}/book")]
    [Headers("Accept: application/json")]
    Task<HttpResponseMessage> BookInboxDocumentRawAsync(
        int id,
        [Header("If-Match")] string? ifMatch = null,
        CancellationToken cancellationToken = default);

    [Get("/cleemy-procurement/api/documents/{documentId}")]
    Task<IApiResponse<Document>> GetDocumentAsync(int documentId, CancellationToken cancellationToken = default);

    [Get("/cleemy-procurement/api/invoices/{invoiceId}")]
    Task<BookedDocument> GetInvoiceAsync(int invoiceId, CancellationToken cancellationToken = default);

    /// <summary>Known filters: invoice.conformityStates, creditNote.conformityStates, createdAt.from (API-FACTS §9.2).</summary>
    [Get("/cleemy-procurement/api/booked-documents")]
    Task<LuccaCollection<BookedDocument>> GetBookedDocumentsAsync(
        [Query] IDictionary<string, string>? filters,
        int? limit,
        int? page,
        [AliasAs("fields.root")] string? fieldsRoot,
        CancellationToken cancellationToken = default);

    /// <summary>Suppliers with their VAT number and bank account on file (API-FACTS §11): <c>state</c>, <c>search.terms</c>.</summary>
    [Get("/cleemy-procurement/api/suppliers")]
    Task<LuccaCollection<Supplier>> GetSuppliersAsync(
        [Query] IDictionary<string, string>? filters,
        int? limit,
        int? page,
        [AliasAs("fields.root")] string? fieldsRoot,
        CancellationToken cancellationToken = default);

    /// <summary>The purchases list (API-FACTS §10, an example only): paging and count are not documented for it.</summary>
    [Get("/cleemy-procurement/api/purchases")]
    Task<LuccaCollection<Purchase>> GetPurchasesAsync(int? limit, string? page, CancellationToken cancellationToken = default);

    [Get("/cleemy-procurement/api/purchases/{purchaseId}")]
    Task<Purchase> GetPurchaseAsync(int purchaseId, CancellationToken cancellationToken = default);

    // File endpoints (API-FACTS §13): raw responses, read by LuccaFiles, which only ever builds these
    // paths from a validated file id so that no href taken from a response can point elsewhere.
    [Get("/cleemy-procurement/api/files/{fileId}")]
    Task<HttpResponseMessage> GetFileRawAsync(string fileId, CancellationToken cancellationToken = default);

    [Get("/cleemy-procurement/api/files/{fileId}/display")]
    Task<HttpResponseMessage> GetFileDisplayRawAsync(string fileId, CancellationToken cancellationToken = default);

    [Get("/cleemy-procurement/api/files/{fileId}/display/pages/{pageNumber}")]
    Task<HttpResponseMessage> GetFilePageRawAsync(string fileId, int pageNumber, CancellationToken cancellationToken = default);
}
