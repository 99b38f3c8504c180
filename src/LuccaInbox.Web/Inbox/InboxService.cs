using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.LuccaAccess;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Web.Inbox;

public enum InboxChangeKind { Synced, Updated, Removed }

/// <summary>A change to the shared snapshot; <paramref name="Elsewhere"/> when another instance made it (already shared).</summary>
public sealed record InboxChange(InboxChangeKind Kind, int? InboxId = null, string? By = null, bool Elsewhere = false);

/// <summary>
/// The single place that reads the inbox. It keeps one snapshot shared by every circuit, re-read with the guide's
/// count-then-pages algorithm when older than Lucca:InboxCacheSeconds and someone asks; concurrent askers share
/// one sync. Saves and bookings update the snapshot in place, and every change is announced to open grids.
/// Writes are ordered: a sync that started before a save or a booking never undoes it when it lands (the write is
/// kept, a booked item stays out: a tombstone), and a read older than the version held never replaces it.
/// </summary>
public sealed class InboxService(ILuccaInvoicesApi api, IOptions<LuccaOptions> options, TimeProvider time, ILogger<InboxService> logger)
{
    private readonly Lock _lock = new();
    private InboxSnapshot _snapshot = InboxSnapshot.Empty;
    private Task<InboxSnapshot>? _syncInFlight;
    // Writes since the last sync started, by inbox id; Item null is a tombstone (the item left the inbox). Under _lock.
    private readonly Dictionary<int, LocalWrite> _writes = [];
    private long _writeSequence;
    private volatile bool _freshForAutoIds;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, DateTimeOffset?> _loggedUnreadable = new();

    public event Action<InboxChange>? Changed;

    public InboxSnapshot Current => _snapshot;

    /// <summary>Why the last sync failed, if it did; the previous snapshot is kept and still shown.</summary>
    public string? LastSyncError { get; private set; }

    public Task<InboxSnapshot> GetAsync(bool forceRefresh = false, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!forceRefresh && IsFresh(_snapshot)) return Task.FromResult(_snapshot);
            // Task.Run: the sync must never complete inside this lock, or it would clear _syncInFlight before it is set.
            // Without the caller's execution context: a sync shared by everyone is no part of one person's save (WriteLane).
            if (_syncInFlight is null)
            {
                using (ExecutionContext.SuppressFlow()) _syncInFlight = Task.Run(SyncAsync, CancellationToken.None);
            }
            return _syncInFlight;
        }
    }

    private bool IsFresh(InboxSnapshot snapshot) =>
        snapshot.SyncedAt is { } at && time.GetUtcNow() - at < TimeSpan.FromSeconds(options.Value.InboxCacheSeconds);

    private async Task<InboxSnapshot> SyncAsync()
    {
        using var measured = Hosting.Telemetry.MeasureSync(() => LastSyncError is null);
        long startedAfter;
        lock (_lock) startedAfter = _writeSequence;
        var readFrom = time.GetUtcNow();
        try
        {
            // The sync outlives any one page's cancellation: other circuits may be waiting on it.
            var items = await api.GetAllInboxItemsAsync(cancellationToken: CancellationToken.None);
            LogUnreadable(items);
            InboxSnapshot snapshot;
            lock (_lock)
            {
                snapshot = new InboxSnapshot(KeepNewerWrites(items, startedAfter), time.GetUtcNow(), readFrom);
                _snapshot = snapshot;
                // What this sync read is at least as new as the writes made before it started: those are settled.
                foreach (var settled in _writes.Where(w => w.Value.Sequence <= startedAfter).Select(w => w.Key).ToList()) _writes.Remove(settled);
            }
            LastSyncError = null;
            Changed?.Invoke(new InboxChange(InboxChangeKind.Synced));
            return snapshot;
        }
        catch (Exception e) when (LuccaErrors.IsLuccaFailure(e))
        {
            logger.LogWarning(e, "Inbox sync failed; keeping the snapshot from {SyncedAt}", _snapshot.SyncedAt);
            LastSyncError = LuccaErrors.Describe(e);
            return _snapshot;
        }
        finally
        {
            lock (_lock) _syncInFlight = null;
        }
    }

    /// <summary>Once per item version, not at every sync; bounded, and scrubbed of the key should Lucca ever echo it.</summary>
    private void LogUnreadable(IReadOnlyList<InboxItem> items)
    {
        foreach (var item in items.Where(i => i.Unreadable.Count > 0))
        {
            var version = item.ModifiedAt ?? item.Document?.ModifiedAt;
            if (_loggedUnreadable.TryGetValue(item.Id, out var logged) && logged == version) continue;
            _loggedUnreadable[item.Id] = version;
            var raw = item.Raw?.ToJsonString() ?? "";
            raw = SecretScrubber.Scrub(raw, options.Value.ApiKey);
            logger.LogWarning("Inbox item {InboxId}: some fields could not be read ({Fields}); kept as sent. Excerpt: {Excerpt}",
                item.Id, string.Join(", ", item.Unreadable), raw.Length > 500 ? raw[..500] + "…" : raw);
        }
    }

    /// <summary>Items as read by a sync that started before the writes made since: each such write stands.</summary>
    private IReadOnlyList<InboxItem> KeepNewerWrites(IReadOnlyList<InboxItem> read, long startedAfter) =>
        KeepWrites(read, _writes.Where(w => w.Value.Sequence > startedAfter).ToDictionary(w => w.Key, w => w.Value.Item));

    private static IReadOnlyList<InboxItem> KeepWrites(IReadOnlyList<InboxItem> read, Dictionary<int, InboxItem?> newer)
    {
        if (newer.Count == 0) return read;
        return read
            .Where(i => !(newer.TryGetValue(i.Id, out var written) && written is null))
            .Select(i => newer.GetValueOrDefault(i.Id) is { } written && !IsNewer(i, written) ? written : i)
            .ToList();
    }

    /// <summary>
    /// A document as Lucca now has it: a PUT's answer (API-FACTS §5), a read-back or a version check. Ignored when it is
    /// older than the version held, or when the item has left the inbox since (a read that lands after the booking).
    /// </summary>
    public void ApplyUpdated(InboxItem updated, string? by = null, bool fromElsewhere = false)
    {
        lock (_lock)
        {
            if (_writes.TryGetValue(updated.Id, out var write) && write.Item is null) return;
            if (_snapshot.ById.GetValueOrDefault(updated.Id)?.Item is { } held && IsNewer(held, updated)) return;
            _writes[updated.Id] = new LocalWrite(++_writeSequence, updated, time.GetUtcNow());
            _snapshot = _snapshot.With(updated);
        }
        Changed?.Invoke(new InboxChange(InboxChangeKind.Updated, updated.Id, by, fromElsewhere));
    }

    /// <summary>
    /// A sync another instance made (it read from <paramref name="readFrom"/>), taken instead of reading Lucca again. The
    /// same order holds as for a sync of our own: a write the reader may not have seen stands (a save if not older, a
    /// booking), and a snapshot older than the one held is ignored.
    /// </summary>
    public void AdoptSnapshot(IReadOnlyList<InboxItem> items, DateTimeOffset syncedAt, DateTimeOffset readFrom)
    {
        lock (_lock)
        {
            if (_snapshot.SyncedAt is { } held && held >= syncedAt) return;
            // Clocks of two machines differ a little: a write is settled only when made clearly before the read began.
            var settledBefore = readFrom - TimeSpan.FromSeconds(2);
            foreach (var settled in _writes.Where(w => w.Value.At < settledBefore).Select(w => w.Key).ToList()) _writes.Remove(settled);
            _snapshot = new InboxSnapshot(KeepWrites(items, _writes.ToDictionary(w => w.Key, w => w.Value.Item)), syncedAt, readFrom);
        }
        LastSyncError = null;
        Changed?.Invoke(new InboxChange(InboxChangeKind.Synced, Elsewhere: true));
    }

    private static bool IsNewer(InboxItem a, InboxItem b) => VersionOf(a) > VersionOf(b);

    /// <summary>Lucca's own stamp of the version: the document's modifiedAt, else the item's.</summary>
    private static DateTimeOffset? VersionOf(InboxItem item) => item.Document?.ModifiedAt ?? item.ModifiedAt;

    private sealed record LocalWrite(long Sequence, InboxItem? Item, DateTimeOffset At);

    /// <summary>The ids the inbox holds, so the write paths never address another item by mistake.</summary>
    public KnownInboxIds KnownIds
    {
        get
        {
            var snapshot = _snapshot;
            return new KnownInboxIds(snapshot.ById.ContainsKey, snapshot.ByDocumentId.ContainsKey);
        }
    }

    /// <summary>
    /// The ids the inbox holds, for a write. While it is not known which id the write paths take, they decide which
    /// addresses are safe (<see cref="LuccaWrites"/>): read fresh once before the first write rather than trust a
    /// snapshot of a minute ago.
    /// </summary>
    public async Task<KnownInboxIds> KnownIdsForWritesAsync(InboxDocumentIdReading reading)
    {
        if (reading == InboxDocumentIdReading.Auto && !_freshForAutoIds)
        {
            await GetAsync(forceRefresh: true);
            _freshForAutoIds = LastSyncError is null;
        }
        return KnownIds;
    }

    /// <summary>After a booking the item has left the inbox; no re-sync is needed to know it.</summary>
    public void Remove(int inboxId, string? by = null, bool fromElsewhere = false)
    {
        lock (_lock)
        {
            _writes[inboxId] = new LocalWrite(++_writeSequence, null, time.GetUtcNow());
            _snapshot = _snapshot.Without(inboxId);
        }
        Changed?.Invoke(new InboxChange(InboxChangeKind.Removed, inboxId, by, fromElsewhere));
    }
}
