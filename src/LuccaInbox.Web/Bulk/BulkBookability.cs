using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Inbox;

namespace LuccaInbox.Web.Bulk;

/// <summary>What Lucca refuses to book, known from the grid row alone (the emulator's BookingBlocker mirrors Lucca's 400).</summary>
public static class BulkBookability
{
    /// <returns>Why this row cannot be booked as it is, or null.</returns>
    public static string? Blocker(InboxRow row)
    {
        if (!row.CanOpen) return "Its ids could not be read from Lucca.";
        if (row.Unreadable.Count > 0) return "Some fields could not be read: open it and check.";
        if (row.OcrStatus is OcrStatuses.Pending or OcrStatuses.Processing) return $"OCR is {row.OcrStatus.ToLowerInvariant()}.";
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(row.DocumentNumber)) missing.Add("number");
        if (row.DocumentDate is null) missing.Add("date");
        if (row.AmountIncludingTaxes is null) missing.Add("amount");
        if (row.OwnerId is null) missing.Add("owner");
        return missing.Count > 0 ? $"Missing {string.Join(", ", missing)}." : null;
    }

    public static bool IsBookable(InboxRow row) => Blocker(row) is null;
}
