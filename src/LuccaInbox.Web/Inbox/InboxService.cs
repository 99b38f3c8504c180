using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Lucca;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Web.Inbox;

public enum InboxChangeKind { Synced, Updated, Removed }

public sealed record InboxChange(InboxChangeKind Kind, int? InboxId = null, string? By = null);

/// <summary>
/// The single place that reads the inbox. It keeps one snapshot shared by every circuit, re-read with the guide's
/// count-then-pages algorithm when older than Lucca:InboxCacheSeconds and someone asks; concurrent askers share
/// one sync. Saves and bookings update the snapshot in place, and every change is announced to open grids.
/// </summary>
public sealed class InboxService(ILuccaInvoicesApi api, IOptions<LuccaOptions> options, TimeProvider time, ILogger<InboxService> logger)
{
    private readonly Lock _lock = new();
    private InboxSnapshot _snapshot = InboxSnapshot.Empty;
    private Task<InboxSnapshot>? _syncInFlight;
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
        try
        {
            // The sync outlives any one page's cancellation: other circuits may be waiting on it.
            var items = await api.GetAllInboxItemsAsync(cancellationToken: CancellationToken.None);
            LogUnreadable(items);
            var snapshot = new InboxSnapshot(items, time.GetUtcNow());
            lock (_lock) _snapshot = snapshot;
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

    /// <summary>After a successful PUT: the response is the item as Lucca now has it (API-FACTS §5).</summary>
    public void ApplyUpdated(InboxItem updated, string? by = null)
    {
        lock (_lock) _snapshot = _snapshot.With(updated);
        Changed?.Invoke(new InboxChange(InboxChangeKind.Updated, updated.Id, by));
    }

    /// <summary>The ids the inbox holds, so the write paths never address another item by mistake.</summary>
    public KnownInboxIds KnownIds
    {
        get
        {
            var snapshot = _snapshot;
            return new KnownInboxIds(snapshot.ById.ContainsKey, snapshot.ByDocumentId.ContainsKey);
        }
    }

    /// <summary>After a booking the item has left the inbox; no re-sync is needed to know it.</summary>
    public void Remove(int inboxId, string? by = null)
    {
        lock (_lock) _snapshot = _snapshot.Without(inboxId);
        Changed?.Invoke(new InboxChange(InboxChangeKind.Removed, inboxId, by));
    }
}
