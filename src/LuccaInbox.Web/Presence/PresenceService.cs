using System.Collections.Concurrent;

namespace LuccaInbox.Web.Presence;

public sealed record Viewer(string Session, string UserObjectId, string Name, bool IsEditing, DateTimeOffset Since)
{
    public string Initials => string.Concat(Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(part => char.ToUpperInvariant(part[0])));
}

/// <summary>
/// Who has which document open right now, and whether they have unsaved edits, for this app instance. Blazor Server
/// keeps every circuit in this process, so an in-memory map with a change event is live presence at no cost.
/// </summary>
public sealed class PresenceService(TimeProvider time)
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, Viewer>> _byInboxId = new();

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

    /// <summary>The other people on a document (one entry per person, editing if any of their tabs is).</summary>
    public IReadOnlyList<Viewer> Others(int inboxId, string userObjectId) =>
        _byInboxId.TryGetValue(inboxId, out var viewers)
            ? viewers.Values.Where(v => v.UserObjectId != userObjectId)
                .GroupBy(v => v.UserObjectId)
                .Select(g => g.OrderByDescending(v => v.IsEditing).First())
                .OrderBy(v => v.Since)
                .ToList()
            : [];

    public IReadOnlyDictionary<int, IReadOnlyList<Viewer>> Everyone() =>
        _byInboxId.Where(kv => !kv.Value.IsEmpty).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Viewer>)kv.Value.Values.ToList());
}
