using System.Collections.Concurrent;

namespace LuccaInbox.Web.Presence;

public sealed record Viewer(string Session, string UserObjectId, string Name, bool IsEditing, DateTimeOffset Since)
{
    public string Initials => string.Concat(Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(part => char.ToUpperInvariant(part[0])));
}

/// <summary>
/// Who has which document open right now, and whether they have unsaved edits. Blazor Server keeps every circuit in
/// this process, so an in-memory map with a change event is live presence at no cost; with several instances on
/// PostgreSQL, <see cref="Instances.SharedPresence"/> shares this instance's viewers and brings in the others'.
/// </summary>
public sealed class PresenceService(TimeProvider time)
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, Viewer>> _byInboxId = new();
    private volatile IReadOnlyDictionary<int, IReadOnlyList<Viewer>> _elsewhere = new Dictionary<int, IReadOnlyList<Viewer>>();

    public event Action<int>? Changed;

    public void Enter(int inboxId, string session, string userObjectId, string name)
    {
        Leave(session);
        _byInboxId.GetOrAdd(inboxId, _ => new())[session] = new Viewer(session, userObjectId, name, false, time.GetUtcNow());
        Changed?.Invoke(inboxId);
    }

    public void SetEditing(int inboxId, string session, bool editing)
    {
        if (_byInboxId.TryGetValue(inboxId, out var viewers) && viewers.TryGetValue(session, out var viewer) && viewer.IsEditing != editing)
        {
            viewers[session] = viewer with { IsEditing = editing };
            Changed?.Invoke(inboxId);
        }
    }

    public void Leave(string session)
    {
        foreach (var (inboxId, viewers) in _byInboxId)
        {
            if (viewers.TryRemove(session, out _)) Changed?.Invoke(inboxId);
        }
    }

    /// <summary>The other people on a document (one entry per person, editing if any of their tabs is), on any instance.</summary>
    public IReadOnlyList<Viewer> Others(int inboxId, string userObjectId) =>
        On(inboxId).Where(v => v.UserObjectId != userObjectId)
            .GroupBy(v => v.UserObjectId)
            .Select(g => g.OrderByDescending(v => v.IsEditing).First())
            .OrderBy(v => v.Since)
            .ToList();

    public IReadOnlyDictionary<int, IReadOnlyList<Viewer>> Everyone()
    {
        var everyone = _byInboxId.Where(kv => !kv.Value.IsEmpty).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Viewer>)kv.Value.Values.ToList());
        foreach (var (inboxId, viewers) in _elsewhere)
        {
            everyone[inboxId] = everyone.TryGetValue(inboxId, out var here) ? [.. here, .. viewers] : viewers;
        }
        return everyone;
    }

    private IEnumerable<Viewer> On(int inboxId)
    {
        var here = _byInboxId.TryGetValue(inboxId, out var viewers) ? viewers.Values : Enumerable.Empty<Viewer>();
        return _elsewhere.TryGetValue(inboxId, out var there) ? here.Concat(there) : here;
    }

    /// <summary>This instance's viewers, by document.</summary>
    public IReadOnlyList<(int InboxId, Viewer Viewer)> Here() =>
        _byInboxId.SelectMany(kv => kv.Value.Values.Select(v => (kv.Key, v))).ToList();

    /// <summary>The viewers on the other instances, as last read: replaces the previous ones; each document whose viewers changed is announced.</summary>
    public void SetElsewhere(IReadOnlyDictionary<int, IReadOnlyList<Viewer>> viewers)
    {
        var before = _elsewhere;
        _elsewhere = viewers;
        foreach (var inboxId in before.Keys.Union(viewers.Keys).ToList())
        {
            var was = before.GetValueOrDefault(inboxId) ?? [];
            var now = viewers.GetValueOrDefault(inboxId) ?? [];
            if (!was.OrderBy(v => v.Session, StringComparer.Ordinal).SequenceEqual(now.OrderBy(v => v.Session, StringComparer.Ordinal))) Changed?.Invoke(inboxId);
        }
    }
}
