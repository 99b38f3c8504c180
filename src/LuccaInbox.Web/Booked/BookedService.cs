using System.Collections.Concurrent;
using System.Globalization;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.Booked;

public sealed record BookedQuery(IReadOnlyList<string> InvoiceStates, IReadOnlyList<string> CreditNoteStates, DateOnly? CreatedSince,
    int Page, int PageSize);

public sealed record BookedPageResult(IReadOnlyList<BookedDocument> Items, int Total);

/// <summary>
/// Booked invoices and credit notes as the "Retrieve processed invoices" guide reads them (seed 002): conformity
/// filters per type and createdAt.from go to Lucca, one page per request with its count. Pages are kept for a
/// short while, and every attachment shown is remembered so the page-image proxy can serve it.
/// </summary>
public sealed class BookedService(ILuccaInvoicesApi api, TimeProvider time)
{
    private static readonly TimeSpan PageLifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<BookedQueryKey, (DateTimeOffset At, BookedPageResult Page)> _pages = new();
    private readonly ConcurrentDictionary<string, Attachment> _attachments = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<int, BookedDocument> _documents = new();

    private sealed record BookedQueryKey(string Filters, int Page, int PageSize);

    public async Task<BookedPageResult> GetPageAsync(BookedQuery query, CancellationToken cancellationToken = default)
    {
        var filters = Filters(query);
        var key = new BookedQueryKey(string.Join('&', filters.Select(kv => $"{kv.Key}={kv.Value}")), query.Page, query.PageSize);
        if (_pages.TryGetValue(key, out var cached) && time.GetUtcNow() - cached.At < PageLifetime) return cached.Page;

        var result = await api.GetBookedDocumentsAsync(filters, query.PageSize, query.Page, "count", cancellationToken);
        var page = new BookedPageResult(result.Items ?? [], result.Count ?? result.Items?.Count ?? 0);
        foreach (var document in page.Items) Keep(document);
        _pages[key] = (time.GetUtcNow(), page);
        return page;
    }

    public async Task<BookedDocument> GetInvoiceAsync(int id, CancellationToken cancellationToken = default)
    {
        var invoice = await api.GetInvoiceAsync(id, cancellationToken);
        Keep(invoice);
        return invoice;
    }

    /// <summary>A credit note has no single-item endpoint (API-FACTS §9.1); it can only be shown once listed.</summary>
    public BookedDocument? Known(int id) => _documents.GetValueOrDefault(id);

    public Attachment? FindAttachment(string fileId) => _attachments.GetValueOrDefault(fileId);

    /// <summary>Called after a booking returns the booked document, so its pages stay viewable.</summary>
    public void Remember(BookedDocument document)
    {
        Keep(document);
        _pages.Clear(); // a new booking changes every listing
    }

    private void Keep(BookedDocument document)
    {
        _documents[document.Id] = document;
        foreach (var attachment in document.Attachments ?? [])
        {
            if (attachment.FileId is { } fileId) _attachments[fileId] = attachment;
        }
    }

    private static Dictionary<string, string> Filters(BookedQuery query)
    {
        var filters = new Dictionary<string, string>();
        if (query.InvoiceStates.Count > 0) filters["invoice.conformityStates"] = string.Join(',', query.InvoiceStates);
        if (query.CreditNoteStates.Count > 0) filters["creditNote.conformityStates"] = string.Join(',', query.CreditNoteStates);
        if (query.CreatedSince is { } since) filters["createdAt.from"] = since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return filters;
    }
}
