namespace LuccaInbox.Web.Bulk;

/// <summary>An immutable copy of a job for the UI: the worker replaces it after each item, so readers never see a half-update.</summary>
public sealed record BulkJobView(int Id, DateTime CreatedAtUtc, string CreatedByObjectId, string CreatedByName, BulkJobStatus Status,
    string? CancelledBy, IReadOnlyList<BulkItemView> Items)
{
    public int Total => Items.Count;
    public int Booked => Items.Count(i => i.Status == BulkItemStatus.Booked);
    public int Failed => Items.Count(i => i.Status == BulkItemStatus.Failed);
    public int Skipped => Items.Count(i => i.Status == BulkItemStatus.Skipped);
    public int Remaining => Items.Count(i => i.Status == BulkItemStatus.Queued);
    public int Done => Total - Remaining;
    public bool IsRunning => Status == BulkJobStatus.Running;

    public static BulkJobView From(BulkBookingJob job) => new(job.Id, job.CreatedAtUtc, job.CreatedByObjectId, job.CreatedByName, job.Status,
        job.CancelledBy, job.Items.OrderBy(i => i.Id).Select(BulkItemView.From).ToList());
}

public sealed record BulkItemView(int InboxId, int DocumentId, string? DocumentNumber, string? Supplier, decimal? Amount, string? Currency,
    BulkItemStatus Status, string? Message, long? AuditEntryId)
{
    public static BulkItemView From(BulkBookingItem item) => new(item.InboxId, item.DocumentId, item.DocumentNumber, item.Supplier,
        item.Amount, item.Currency, item.Status, item.Message, item.AuditEntryId);
}
