using System.Globalization;
using System.Net;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.GoLive;

/// <summary>
/// The read-only checks of check-lucca, each one line: what Lucca answered → what the app will do about it. Reads only;
/// the one write (a no-change PUT) is <see cref="LuccaWriteTest"/>, run only when asked.
/// </summary>
public sealed class LuccaCheck(ILuccaInvoicesApi api, LuccaFiles files, SeenHeaders headers, LuccaCheckReport report, int requestsPerMinute,
    TimeProvider time)
{
    private const int SmallPageSize = 50;
    private const string UnknownFilter = "luccainbox.unknownFilter";

    public async Task RunAsync(int? writeTestInboxId, CancellationToken ct)
    {
        if (await CountAsync(ct) is not { } count) return; // nothing else can be read
        var inbox = await Guard("paging", () => PagingAsync(count, ct));
        await Guard("filters", () => FiltersAsync(count, ct));
        if (inbox is not null)
        {
            Unreadable(inbox);
            await Guard("document", () => DocumentAsync(inbox, ct));
            await Guard("page-image", () => FilesAsync(inbox, ct));
            await Guard("suppliers", () => SuppliersAsync(inbox, ct));
        }
        await Guard("booked", () => BookedAsync(ct));
        if (writeTestInboxId is { } inboxId)
        {
            if (inbox is null) report.Fail("write-test", "the inbox could not be read → nothing was written");
            else await Guard("write-test", () => new LuccaWriteTest(api, report, time).RunAsync(inboxId, inbox, ct));
        }
        RateLimit();
    }

    private async Task<int?> CountAsync(CancellationToken ct)
    {
        LuccaCollection<InboxItem> counted;
        try
        {
            counted = await api.GetInboxAsync(null, 0, null, "count", ct);
        }
        catch (LuccaApiException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            report.Fail("authentication", $"the inbox answered {(int)e.StatusCode} {e.StatusCode} → the app cannot work with this key: check Lucca:ApiKey and the role of the key (API-FACTS §0.2)");
            return null;
        }
        catch (Exception e) when (IsLuccaFailure(e, ct))
        {
            report.Fail("count", $"{Describe(e)} → check Lucca:BaseUrl (https://<account>.ilucca.net)");
            return null;
        }
        report.Pass("authentication", "the key reads the inbox → the app sends it on every call, from the server only");
        if (counted.Count is not { } count)
        {
            report.Fail("count", "no count in the answer to limit=0&fields.root=count → the app cannot tell when it has read the whole inbox (API-FACTS §0.3)");
            return null;
        }
        report.Settings.InboxCount = count;
        report.Pass("count", $"{count} documents in the inbox → the app reads them in pages after this one count call");
        return count;
    }

    /// <summary>Reads the whole inbox as the app does (tolerant models, LuccaPaging, 1000 a page, halved on 408), then the
    /// first pages again at 50 a page: the same ids must come back (API-FACTS §0.3).</summary>
    private async Task<IReadOnlyList<InboxItem>> PagingAsync(int count, CancellationToken ct)
    {
        var timedOut = new SortedSet<int>();
        var answered = 0;
        async Task<LuccaCollection<InboxItem>> Fetch(int limit, int? page, string? root, CancellationToken token)
        {
            try
            {
                var result = await api.GetInboxAsync(null, limit, page, root, token);
                if (limit > 0) answered = Math.Max(answered, limit);
                return result;
            }
            catch (LuccaApiException e) when (e.StatusCode == HttpStatusCode.RequestTimeout)
            {
                timedOut.Add(limit);
                throw;
            }
        }
        var inbox = await LuccaPaging.FetchAllAsync(Fetch, KeyOf, LuccaPaging.MaxPageSize, ct);
        report.Settings.PageSize = answered > 0 ? answered : null;

        // Two small pages at most: enough to compare, cheap on a tenant of 20,000 documents.
        var small = new List<int>();
        for (var page = 1; page <= 2; page++)
        {
            var result = await api.GetInboxAsync(null, SmallPageSize, page, null, ct);
            if (result.Items is not { Count: > 0 } items) break;
            small.AddRange(items.Select(i => i.Id).Where(id => id > 0));
        }
        var ids = inbox.Select(i => i.Id).Where(id => id > 0).ToHashSet();
        var missed = small.Where(id => !ids.Contains(id)).ToList();
        var incomplete = count <= 2 * SmallPageSize && small.Count != ids.Count; // then two small pages hold it all

        if (inbox.Count != count)
            report.Warn("paging", $"read {inbox.Count} items where the count said {count} → the app stops at an empty page or at the count; check whether the inbox changed meanwhile");
        else if (missed.Count > 0 || incomplete)
            report.Warn("paging", $"pages of {SmallPageSize} and of {answered} disagree ({small.Count} ids against {ids.Count}, {missed.Count} not in the full read) → the app de-duplicates by id but may miss items: report this");
        else if (timedOut.Count > 0)
            report.Warn("paging", $"pages of {string.Join(", ", timedOut.Reverse())} answered 408, pages of {answered} worked → the app halves the page size on a 408 (a few extra requests per sync)");
        else
            report.Pass("paging", $"pages of {answered} and of {SmallPageSize} give the same ids → the app reads {answered} a page");
        return inbox;
    }

    private static object? KeyOf(InboxItem item) => item.Id > 0 ? item.Id : item.Raw?.ToJsonString();

    private async Task FiltersAsync(int count, CancellationToken ct)
    {
        try
        {
            var filtered = await api.GetInboxAsync(new Dictionary<string, string> { [UnknownFilter] = "check" }, 0, null, "count", ct);
            report.Settings.UnknownFiltersIgnored = filtered.Count == count;
            if (filtered.Count == count)
                report.Pass("filters", $"an unknown filter ({UnknownFilter}) is ignored → the app filters its own inbox snapshot and sends no inbox filters, so a misspelt one would go unnoticed");
            else
                report.Warn("filters", $"an unknown filter changed the count ({filtered.Count} instead of {count}) → the app sends no inbox filters; report this");
        }
        catch (LuccaApiException e) when (e.StatusCode == HttpStatusCode.BadRequest)
        {
            report.Settings.UnknownFiltersIgnored = false;
            report.Pass("filters", "an unknown filter is refused (400) → the app sends no inbox filters (it filters its own snapshot)");
        }
    }

    private async Task DocumentAsync(IReadOnlyList<InboxItem> inbox, CancellationToken ct)
    {
        if (inbox.FirstOrDefault(i => i.Document is { Id: > 0 }) is not { Document: { } listed })
        {
            report.Warn("document", "no inbox item with a readable document id → nothing to read (an empty inbox?)");
            return;
        }
        var response = await api.GetDocumentAsync(listed.Id, ct);
        if (!response.IsSuccessStatusCode || response.Content is not { } document)
        {
            report.Fail("document", $"GET /api/documents/{listed.Id} answered {(int?)response.StatusCode} → the app reads a document before each save and booking, so it cannot save");
            return;
        }
        var unreadable = document.Unreadable.Count == 0 ? "read in full" : $"read except {string.Join(", ", document.Unreadable)}";
        report.Pass("document", $"GET /api/documents/{listed.Id} {unreadable} → the app compares it with what the user opened before each save");
        var etag = response.Headers.ETag?.Tag;
        report.Settings.DocumentETags = etag is not null;
        report.Pass("etags", etag is null
            ? "no ETag on GET document → the app compares content and modifiedAt before each save"
            : $"GET document sends ETag {etag} → the app sends If-Match only with an inbox item's own ETag, once --write-test saw it honoured (API-FACTS addendum)");
    }

    private async Task FilesAsync(IReadOnlyList<InboxItem> inbox, CancellationToken ct)
    {
        var attachment = inbox.SelectMany(i => i.Document?.Attachments ?? []).FirstOrDefault(a => a.PageHref(1) is not null);
        if (attachment is null)
        {
            report.Warn("page-image", "no attachment with pages.displayHrefTemplate in the inbox → nothing to try; the app shows a placeholder");
            return;
        }
        var page = await files.GetAsync(attachment.PageHref(1), ct);
        var pageKind = Kind(page.Content);
        var pageLine = $"page 1 is {page.ContentType}, {pageKind ?? "unknown bytes"}, {page.Content.Length} bytes";
        if (pageKind is null) report.Warn("page-image", $"{pageLine} → the app passes it to the browser as it came; it may not show");
        else report.Pass("page-image", $"{pageLine} → the app shows and caches it");

        if (attachment.File?.Href is null)
        {
            report.Warn("original", "the attachment has no file.href → the app offers no download of the original");
            return;
        }
        var original = await Guard("original", () => files.GetAsync(attachment.File.Href, ct));
        if (original is null) return;
        report.Pass("original", $"the original is {original.ContentType}, {Kind(original.Content) ?? "other bytes"}, {original.Content.Length} bytes → the app offers it for download");
        var read = InvoiceCheck.OriginalReader.Read(original.Content);
        report.Pass("invoice-check", $"it reads as {read.Kind}{(read.Problem is { } problem ? $" ({problem})" : "")} → " + read.Kind switch
        {
            InvoiceCheck.OriginalKind.FacturX => "the form is compared with its Factur-X data",
            InvoiceCheck.OriginalKind.TextLayer => "the form's values are looked for in its text",
            _ => "its fields cannot be checked; the page says why",
        });
    }

    /// <summary>Where a purchase names its supplier is not documented (API-FACTS §10): say what this tenant does.</summary>
    private async Task SuppliersAsync(IReadOnlyList<InboxItem> inbox, CancellationToken ct)
    {
        var count = (await api.GetSuppliersAsync(null, 0, null, "count", ct)).Count;
        var first = (await api.GetSuppliersAsync(null, SmallPageSize, null, null, ct)).Items ?? [];
        var withBank = first.Count(s => !string.IsNullOrWhiteSpace(s.BankAccount?.Iban));
        var seen = $"{count?.ToString(CultureInfo.InvariantCulture) ?? "no count of"} suppliers, {withBank} of the first {first.Count} with a bank account on file";
        if (inbox.Select(i => i.Document?.Context?.Purchase?.Id).FirstOrDefault(id => id > 0) is not { } purchaseId)
        {
            report.Warn("suppliers", $"{seen}; no inbox document names a purchase → the app shows no supplier names");
            return;
        }
        var purchase = await api.GetPurchaseAsync(purchaseId, ct);
        if (purchase.SupplierIdOrNull is { } supplierId)
            report.Pass("suppliers", $"{seen}; purchase {purchaseId} names supplier {supplierId} → the app shows supplier names and checks IBANs against the account on file");
        else
            report.Warn("suppliers", $"{seen}; purchase {purchaseId} names no supplier → the app cannot tell a document's supplier, nor check its IBAN; report this");
    }

    private static string? Kind(byte[] bytes) => bytes switch
    {
        [0x89, 0x50, 0x4E, 0x47, ..] => "PNG",
        [0xFF, 0xD8, 0xFF, ..] => "JPEG",
        [0x25, 0x50, 0x44, 0x46, ..] => "PDF",
        _ => null,
    };

    /// <summary>With and without createdAt.from, whose meaning (booking or upload time) is open (API-FACTS §9.2, addendum).</summary>
    private async Task BookedAsync(CancellationToken ct)
    {
        var all = await api.GetBookedDocumentsAsync(null, 0, null, "count", ct);
        var since = time.GetUtcNow().AddDays(-30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var recent = await api.GetBookedDocumentsAsync(new Dictionary<string, string> { ["createdAt.from"] = since }, 0, null, "count", ct);
        report.Settings.BookedCount = all.Count;
        report.Settings.BookedCountSince = recent.Count;
        var seen = $"{all.Count?.ToString(CultureInfo.InvariantCulture) ?? "no count"} booked documents, {recent.Count?.ToString(CultureInfo.InvariantCulture) ?? "no count"} with createdAt.from={since}";
        if (all.Count is null || recent.Count is null || recent.Count > all.Count)
            report.Warn("booked", $"{seen} → the app's booked page may show no totals; report this");
        else
            report.Pass("booked", $"{seen} → the app finds a just-booked document by id, never by createdAt.from (it may be the upload time)");
    }

    private void RateLimit()
    {
        var seen = headers.RateLimit;
        report.Settings.RateLimitHeaders = [.. seen.Keys];
        report.Pass("rate-limit", seen.Count == 0
            ? $"no rate-limit headers seen → the app keeps its own budget of {requestsPerMinute}/min (Lucca:RequestsPerMinute), shared with the tenant's other integrations (API-FACTS §0.4)"
            : $"seen {string.Join(", ", seen.Select(h => $"{h.Key}: {h.Value}"))} → the app keeps its budget of {requestsPerMinute}/min and honours Retry-After on 429 and 503");
    }

    private void Unreadable(IReadOnlyList<InboxItem> inbox)
    {
        var untidy = inbox.Where(i => i.Unreadable.Count > 0).ToList();
        report.Settings.UnreadableItems = untidy.Count;
        if (untidy.Count == 0)
        {
            report.Pass("readable", $"all {inbox.Count} inbox items read in full with the app's models");
            return;
        }
        var top = untidy.SelectMany(i => i.Unreadable).GroupBy(p => p).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(10).Select(g => $"{g.Key} ×{g.Count()}");
        report.Warn("readable", $"{untidy.Count} of {inbox.Count} items have fields the models cannot read: {string.Join(", ", top)} → the app keeps these items, shows what it could read and sends those fields back as they came");
    }

    private async Task<T?> Guard<T>(string name, Func<Task<T>> check) where T : class
    {
        try
        {
            return await check();
        }
        catch (Exception e) when (IsLuccaFailure(e, CancellationToken.None))
        {
            report.Fail(name, Describe(e));
            return null;
        }
    }

    private Task Guard(string name, Func<Task> check) => Guard<object>(name, async () => { await check(); return new object(); });

    internal static bool IsLuccaFailure(Exception e, CancellationToken ct) =>
        e is LuccaApiException or HttpRequestException or Polly.Timeout.TimeoutRejectedException
        || (e is OperationCanceledException && !ct.IsCancellationRequested);

    internal static string Describe(Exception e) => e switch
    {
        LuccaApiException lucca => lucca.Message,
        HttpRequestException http => $"Lucca could not be reached: {http.Message}",
        _ => $"Lucca did not answer in time ({e.GetType().Name})",
    };
}
