using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Inbox;

namespace LuccaInbox.Web.Bulk;

/// <summary>What bulk booking books: what <see cref="Bookability"/> allows, and nothing nobody has looked at.</summary>
public static class BulkBookability
{
    /// <returns>Why this row cannot be booked without opening it, or null.</returns>
    public static string? Blocker(InboxRow row) =>
        Bookability.Blocker(row.Item)
        // Booked in bulk is booked unseen: an item with fields this app could not read is booked only from its own page.
        ?? (row.Unreadable.Count > 0 ? "Some fields could not be read: open it and check." : null);

    public static bool IsBookable(InboxRow row) => Blocker(row) is null;
}
