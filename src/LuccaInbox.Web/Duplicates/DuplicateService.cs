using LuccaInbox.Web.LuccaAccess;
using System.Globalization;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Inbox;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Web.Duplicates;

/// <summary>
/// Likely duplicates of inbox documents, among the inbox and every booked document. Booked documents are read once
/// in full, then incrementally with createdAt.from (as seed 002 syncs), at most once per Lucca:InboxCacheSeconds:
/// checking a document costs no Lucca request. A booked document's createdAt may be its booking time or its upload time
/// (API-FACTS addendum 2026-12-02), so each read goes back to the earlier of the last read and the oldest upload then in
/// the inbox: a document booked since was either uploaded after the last read or in the inbox at that time.
/// Discarded and removed booked documents do not count: re-sending such a bill is legitimate.
/// </summary>
public sealed class DuplicateService(ILuccaInvoicesApi api, InboxService inbox, InvoiceCheck.DocumentChecks checks, IOptions<LuccaOptions> options,
    TimeProvider time, ILogger<DuplicateService> logger)
{
    private static readonly HashSet<string> IgnoredStates = ["Discarded", "Removed"];
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Dictionary<int, BookedDocument> _booked = new();
    private long _bookedSyncedAtTicks; // 0: never; read without the lock, so kept as one atomic value
    private long _oldestInboxUploadTicks = long.MaxValue; // of the inbox at the last read
    private (InboxSnapshot Snapshot, int BookedVersion, int ChecksVersion, DuplicateIndex Index)? _index;
    private int _bookedVersion;

    public async Task<DuplicateIndex> GetIndexAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await inbox.GetAsync(cancellationToken: cancellationToken);
        await SyncBookedAsync(cancellationToken);
        var current = _index;
        var checksVersion = checks.Version;
        if (current is { } c && ReferenceEquals(c.Snapshot, snapshot) && c.BookedVersion == _bookedVersion && c.ChecksVersion == checksVersion) return c.Index;

        List<DuplicateCandidate> candidates;
        lock (_booked)
        {
            candidates = snapshot.Items.Select(CandidateOf)
                .Concat(_booked.Values.Where(b => !IgnoredStates.Contains(b.ConformityState ?? ""))
                    .Select(b => DuplicateCandidate.From(b) with { SupplierId = checks.Suppliers.ForPurchase(b.Purchase?.Id)?.Id }))
                .ToList();
        }
        var index = new DuplicateIndex(candidates);
        _index = (snapshot, _bookedVersion, checksVersion, index);
        return index;
    }

    /// <summary>Whether Lucca's booked documents have been read at least once: until then a duplicate of a booked
    /// invoice cannot be ruled out, and the check fails closed (a booking needs a stated reason, a bulk job skips).</summary>
    public bool BookedHistoryRead => Volatile.Read(ref _bookedSyncedAtTicks) > 0;

    public async Task<IReadOnlyList<DuplicateMatch>> ForAsync(InboxItem item, CancellationToken cancellationToken = default) =>
        (await GetIndexAsync(cancellationToken)).For(CandidateOf(item));

    /// <summary>The item with what its supplier on file and its invoice's own data add: a misread number still matches.</summary>
    private DuplicateCandidate CandidateOf(InboxItem item)
    {
        var check = checks.Check(item.Document);
        return DuplicateCandidate.From(item) with
        {
            InvoiceNumber = check.Original?.Cii?.Number ?? (check.For("documentNumber") is { Verdict: InvoiceCheck.Verdict.Differs, InvoiceTypedValue: string number } ? number : null),
            SupplierId = check.Supplier?.Id,
            SupplierVatNumber = check.Original?.Cii?.SellerVatNumber,
        };
    }

    /// <summary>Every booked document known, read up to now (incrementally after the first time); null if Lucca could not
    /// be read. What a lost booking answer is settled against.</summary>
    public async Task<IReadOnlyList<BookedDocument>?> ReadBookedNowAsync(CancellationToken cancellationToken = default)
    {
        if (!await SyncBookedAsync(cancellationToken, force: true)) return null;
        lock (_booked) return _booked.Values.ToList();
    }

    private async Task<bool> SyncBookedAsync(CancellationToken cancellationToken, bool force = false)
    {
        if (!force && IsFresh()) return true;
        await _sync.WaitAsync(cancellationToken);
        try
        {
            if (!force && IsFresh()) return true;
            var startedAt = time.GetUtcNow();
            var oldestUploadNow = inbox.Current.Items.Select(i => i.Document?.CreatedAt ?? i.CreatedAt).Where(c => c is not null)
                .Select(c => c!.Value.UtcTicks).DefaultIfEmpty(startedAt.UtcTicks).Min();
            // A minute of overlap: a document booked while the previous read ran is not missed (ids dedupe it); a day
            // of slack for uploads, whose time zones the docs do not settle (§15.11).
            var last = Volatile.Read(ref _bookedSyncedAtTicks);
            var from = last == 0 ? (DateTime?)null
                : new DateTime(Math.Min(new DateTime(last).AddMinutes(-1).Ticks, Math.Max(DateTime.MinValue.AddDays(1).Ticks, _oldestInboxUploadTicks) - TimeSpan.TicksPerDay), DateTimeKind.Utc);
            var filters = from is null ? null : new Dictionary<string, string> { ["createdAt.from"] = from.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
            var documents = await api.GetAllBookedDocumentsAsync(filters, cancellationToken: cancellationToken);
            lock (_booked)
            {
                foreach (var document in documents) _booked[document.Id] = document;
            }
            Interlocked.Increment(ref _bookedVersion);
            _oldestInboxUploadTicks = oldestUploadNow;
            Volatile.Write(ref _bookedSyncedAtTicks, startedAt.UtcTicks);
            return true;
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            // Duplicate hints are a help, not a gate on reading: keep what we have and try again next time.
            logger.LogWarning(e, "Booked documents could not be read for duplicate detection");
            return false;
        }
        finally
        {
            _sync.Release();
        }
    }

    private bool IsFresh() =>
        Volatile.Read(ref _bookedSyncedAtTicks) is var ticks and > 0
        && time.GetUtcNow().UtcTicks - ticks < TimeSpan.FromSeconds(options.Value.InboxCacheSeconds).Ticks;

    /// <summary>A booking from this app is known at once, without waiting for the next read.</summary>
    public void Booked(BookedDocument document)
    {
        lock (_booked) _booked[document.Id] = document;
        Interlocked.Increment(ref _bookedVersion);
    }
}
