using LuccaInbox.Web.Inbox;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Bulk;

public enum BulkJobStatus { Running, Completed, Cancelled }

public enum BulkItemStatus { Queued, Booked, Failed, Skipped }

/// <summary>A "Book selected" job, kept in the audit database so a restart resumes it where it stopped.</summary>
public sealed class BulkBookingJob
{
    public int Id { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedByObjectId { get; set; } = "";
    public string CreatedByName { get; set; } = "";
    public string? CreatedByEmail { get; set; }
    public BulkJobStatus Status { get; set; }
    public DateTime? FinishedAtUtc { get; set; }
    public string? CancelledBy { get; set; }
    public int Total { get; set; }
    public int Booked { get; set; }
    public int Failed { get; set; }
    public int Skipped { get; set; }
    /// <summary>The instance working on the job, until <see cref="LeaseExpiresAtUtc"/>; another takes it over after that.</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAtUtc { get; set; }
    public List<BulkBookingItem> Items { get; set; } = [];

    public void Recount()
    {
        Total = Items.Count;
        Booked = Items.Count(i => i.Status == BulkItemStatus.Booked);
        Failed = Items.Count(i => i.Status == BulkItemStatus.Failed);
        Skipped = Items.Count(i => i.Status == BulkItemStatus.Skipped);
    }

    internal static void Configure(ModelBuilder modelBuilder)
    {
        var job = modelBuilder.Entity<BulkBookingJob>();
        job.ToTable("BulkBookingJobs");
        job.HasIndex(j => j.Status);
        job.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        job.Property(j => j.CreatedByObjectId).HasMaxLength(100);
        job.Property(j => j.CreatedByName).HasMaxLength(200);
        job.Property(j => j.CreatedByEmail).HasMaxLength(320);
        job.Property(j => j.CancelledBy).HasMaxLength(200);
        job.Property(j => j.LeaseOwner).HasMaxLength(100);
        job.HasMany(j => j.Items).WithOne().HasForeignKey(i => i.JobId).OnDelete(DeleteBehavior.Cascade);

        var item = modelBuilder.Entity<BulkBookingItem>();
        item.ToTable("BulkBookingItems");
        item.HasIndex(i => new { i.JobId, i.InboxId }).IsUnique();
        item.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        item.Property(i => i.DocumentNumber).HasMaxLength(200);
        item.Property(i => i.Supplier).HasMaxLength(300);
        item.Property(i => i.Currency).HasMaxLength(8);
        item.Property(i => i.Amount).HasPrecision(18, 4);
        item.Property(i => i.Message).HasMaxLength(1000);
    }
}

/// <summary>One document of a job, in the order it is booked (by Id), with its result.</summary>
public sealed class BulkBookingItem
{
    public int Id { get; set; }
    public int JobId { get; set; }
    public int InboxId { get; set; }
    public int DocumentId { get; set; }
    public string? DocumentNumber { get; set; }
    public string? Supplier { get; set; }
    public decimal? Amount { get; set; }
    public string? Currency { get; set; }
    public BulkItemStatus Status { get; set; }
    public string? Message { get; set; }
    public long? AuditEntryId { get; set; }

    public static BulkBookingItem For(int inboxId, InboxRow? row, string? skipReason) => new()
    {
        InboxId = inboxId,
        DocumentId = row?.DocumentId ?? 0,
        DocumentNumber = row?.DocumentNumber,
        Supplier = row?.Purchase,
        Amount = row?.AmountIncludingTaxes,
        Currency = row?.Currency,
        Status = skipReason is null ? BulkItemStatus.Queued : BulkItemStatus.Skipped,
        Message = skipReason,
    };
}
