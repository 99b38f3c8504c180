using LuccaInbox.Web.Lucca;
using System.Globalization;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Inbox;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Web.Duplicates;

/// <summary>
/// Likely duplicates of inbox documents, among the inbox and every booked document. Booked documents are read once
/// in full, then only those created since the last read (createdAt.from, as seed 002 syncs), at most once per
/// Lucca:InboxCacheSeconds: checking a document costs no Lucca request.
/// Discarded and removed booked documents do not count: re-sending such a bill is legitimate.
/// </summary>
public sealed class DuplicateService(ILuccaInvoicesApi api, InboxService inbox, IOptions<LuccaOptions> options, TimeProvider time,
    ILogger<DuplicateService> logger)
{
    private static readonly HashSet<string> IgnoredStates = ["Discarded", "Removed"];
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Dictionary<int, BookedDocument> _booked = new();
    private long _bookedSyncedAtTicks; // 0: never; read without the lock, so kept as one atomic value
    private (InboxSnapshot Snapshot, int BookedVersion, DuplicateIndex Index)? _index;
    private int _bookedVersion;

    public async Task<DuplicateIndex> GetIndexAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await inbox.GetAsync(cancellationToken: cancellationToken);
        await SyncBookedAsync(cancellationToken);
        var current = _index;
        if (current is { } c && ReferenceEquals(c.Snapshot, snapshot) && c.BookedVersion == _bookedVersion) return c.Index;

        List<DuplicateCandidate> candidates;
        lock (_booked)
        {
            candidates = snapshot.Items.Select(DuplicateCandidate.From)
                .Concat(_booked.Values.Where(b => !IgnoredStates.Contains(b.ConformityState ?? "")).Select(DuplicateCandidate.From))
                .ToList();
        }
        var index = new DuplicateIndex(candidates);
        _index = (snapshot, _bookedVersion, index);
        return index;
    }

    public async Task<IReadOnlyList<DuplicateMatch>> ForAsync(InboxItem item, CancellationToken cancellationToken = default) =>
        (await GetIndexAsync(cancellationToken)).For(DuplicateCandidate.From(item));

    private async Task SyncBookedAsync(CancellationToken cancellationToken)
    {
        if (IsFresh()) return;
        await _sync.WaitAsync(cancellationToken);
        try
        {
            if (IsFresh()) return;
            var startedAt = time.GetUtcNow();
            // A minute of overlap: a document booked while the previous read ran is not missed (ids dedupe it).
            var last = Volatile.Read(ref _bookedSyncedAtTicks);
            var filters = last == 0
                ? null
                : new Dictionary<string, string> { ["createdAt.from"] = new DateTime(last, DateTimeKind.Utc).AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
            var documents = await api.GetAllBookedDocumentsAsync(filters, cancellationToken: cancellationToken);
            lock (_booked)
            {
                foreach (var document in documents) _booked[document.Id] = document;
            }
            Interlocked.Increment(ref _bookedVersion);
            Volatile.Write(ref _bookedSyncedAtTicks, startedAt.UtcTicks);
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            // Duplicate hints are a help, not a gate on reading: keep what we have and try again next time.
            logger.LogWarning(e, "Booked documents could not be read for duplicate detection");
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
