using System.Collections.Concurrent;
using System.Globalization;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.LuccaAccess;

namespace LuccaInbox.Web.Booked;

/// <summary>What the booked page asks for; <paramref name="CreatedSince"/> is an instant in UTC (the first instant of the
/// person's day they picked: <see cref="Common.ViewerClock.StartOfDayUtc(DateOnly)"/>).</summary>
public sealed record BookedQuery(IReadOnlyList<string> InvoiceStates, IReadOnlyList<string> CreditNoteStates, DateTime? CreatedSince,
    int Page, int PageSize);

public sealed record BookedPageResult(IReadOnlyList<BookedDocument> Items, int Total);

/// <summary>
/// Booked invoices and credit notes as the "Retrieve processed invoices" guide reads them (seed 002): conformity
/// filters per type and createdAt.from go to Lucca, one page per request with its count. Pages are kept for a
/// short while, and every attachment shown is remembered so the page-image proxy can serve it.
/// A booked invoice is read once and kept (booked documents barely change): every viewer of it shares one read, and only a
/// read that reaches Lucca counts against the person's share (<see cref="UserActionLimiter"/>).
/// </summary>
public sealed class BookedService(ILuccaInvoicesApi api, TimeProvider time, UserActionLimiter share)
{
    private static readonly TimeSpan PageLifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InvoiceLifetime = TimeSpan.FromMinutes(10);
    private const int MaxInvoicesKept = 2000;
    private readonly ConcurrentDictionary<int, (DateTimeOffset At, Task<BookedDocument> Read)> _invoices = new();
    private readonly Lock _invoicesLock = new();
    private readonly ConcurrentDictionary<BookedQueryKey, (DateTimeOffset At, BookedPageResult Page)> _pages = new();
    private readonly ConcurrentDictionary<string, Attachment> _attachments = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<int, BookedDocument> _documents = new();

    private sealed record BookedQueryKey(string Filters, int Page, int PageSize);

    public async Task<BookedPageResult> GetPageAsync(AppUser user, BookedQuery query, CancellationToken cancellationToken = default)
    {
        user.Demand(AppRoles.InboxRead, "read booked documents");
        var filters = Filters(query);
        var key = new BookedQueryKey(string.Join('&', filters.Select(kv => $"{kv.Key}={kv.Value}")), query.Page, query.PageSize);
        if (_pages.TryGetValue(key, out var cached) && time.GetUtcNow() - cached.At < PageLifetime) return cached.Page;

        share.Spend(user);
        var result = await api.GetBookedDocumentsAsync(filters, query.PageSize, query.Page, "count", cancellationToken);
        var page = new BookedPageResult(result.Items ?? [], result.Count ?? result.Items?.Count ?? 0);
        foreach (var document in page.Items) Keep(document);
        var now = time.GetUtcNow();
        foreach (var (old, entry) in _pages) if (now - entry.At >= PageLifetime) _pages.TryRemove(old, out _); // bounded by what is fresh
        _pages[key] = (now, page);
        return page;
    }

    public async Task<BookedDocument> GetInvoiceAsync(AppUser user, int id, CancellationToken cancellationToken = default)
    {
        user.Demand(AppRoles.InboxRead, "read booked documents");
        while (true)
        {
            var read = KeptOrStartRead(user, id, cancellationToken);
            try
            {
                return await read.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The reader whose read this was has gone (and cancelled it); this caller is still here: read again.
            }
        }
    }

    private Task<BookedDocument> KeptOrStartRead(AppUser user, int id, CancellationToken cancellationToken)
    {
        lock (_invoicesLock)
        {
            // A read on its way is shared; a failed one is not kept: the next viewer asks again (and spends their share).
            if (_invoices.TryGetValue(id, out var kept)
                && (!kept.Read.IsCompleted || (kept.Read.IsCompletedSuccessfully && time.GetUtcNow() - kept.At < InvoiceLifetime)))
            {
                return kept.Read;
            }
            share.Spend(user);
            if (_invoices.Count >= MaxInvoicesKept) _invoices.Clear();
            var read = ReadInvoiceAsync(id, cancellationToken);
            _invoices[id] = (time.GetUtcNow(), read);
            return read;
        }
    }

    private async Task<BookedDocument> ReadInvoiceAsync(int id, CancellationToken cancellationToken)
    {
        await Task.Yield(); // the Lucca call starts outside the lock
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
        _invoices[document.Id] = (time.GetUtcNow(), Task.FromResult(document));
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
        if (query.CreatedSince is { } since) filters["createdAt.from"] = since.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return filters;
    }
}
