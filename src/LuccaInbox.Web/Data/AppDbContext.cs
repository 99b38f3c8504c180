using LuccaInbox.Web.SavedViews;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Bulk;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LuccaInbox.Web.Data;

/// <summary>
/// The audit log, the bulk booking jobs, saved views and the data-protection keys, on SQLite (this type) or PostgreSQL
/// (<see cref="PostgresAppDbContext"/>, which adds what instances coordinate with). Each provider has its own generated
/// migrations; a model change needs both (README, "Database migrations"):
/// <c>dotnet ef migrations add &lt;Name&gt; --project src/LuccaInbox.Web --context AppDbContext --output-dir Data/Migrations/Sqlite</c>
/// <c>dotnet ef migrations add &lt;Name&gt; --project src/LuccaInbox.Web --context PostgresAppDbContext --output-dir Data/Migrations/Postgres</c>
/// </summary>
public class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<BulkBookingJob> BulkBookingJobs => Set<BulkBookingJob>();
    public DbSet<BulkBookingItem> BulkBookingItems => Set<BulkBookingItem>();
    public DbSet<SavedView> SavedViews => Set<SavedView>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Auth.SignInSession> SignInSessions => Set<Auth.SignInSession>();

    private static readonly (string Property, int MaxLength)[] AuditTextLengths =
    [
        (nameof(AuditEntry.PreviousHash), 64), (nameof(AuditEntry.Hash), 64), (nameof(AuditEntry.OutcomePreviousHash), 64),
        (nameof(AuditEntry.OutcomeHash), 64), (nameof(AuditEntry.Action), 20), (nameof(AuditEntry.Outcome), 20),
        (nameof(AuditEntry.UserObjectId), 100), (nameof(AuditEntry.UserName), 200), (nameof(AuditEntry.UserEmail), 320),
        (nameof(AuditEntry.DocumentNumber), 200), (nameof(AuditEntry.Supplier), 300), (nameof(AuditEntry.Currency), 8),
        (nameof(AuditEntry.CorrelationId), 100),
    ];

    /// <summary>Every time in this model is a UTC instant (named *Utc): read back as such, whatever the provider returns
    /// (SQLite keeps no kind; PostgreSQL's timestamptz takes only UTC).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcKind>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcKind>();
    }

    private sealed class UtcKind() : ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var entry = modelBuilder.Entity<AuditEntry>();
        entry.ToTable("AuditEntries");
        // Unique link numbers: two writers can never both extend the chain from the same head (no fork).
        entry.HasIndex(e => e.Sequence).IsUnique();
        entry.HasIndex(e => e.OutcomeSequence).IsUnique();
        entry.HasIndex(e => e.DocumentId);
        entry.HasIndex(e => e.AtUtc);
        foreach (var (property, maxLength) in AuditTextLengths) entry.Property(property).HasMaxLength(maxLength);
        entry.Property(e => e.Amount).HasPrecision(18, 4);

        BulkBookingJob.Configure(modelBuilder);
        Auth.SignInSession.Configure(modelBuilder);

        var view = modelBuilder.Entity<SavedView>();
        view.HasIndex(v => new { v.UserObjectId, v.Name }).IsUnique();
        view.Property(v => v.UserObjectId).HasMaxLength(100);
        view.Property(v => v.Name).HasMaxLength(SavedViewsService.MaxNameLength);
        view.Property(v => v.Query).HasMaxLength(2000);
    }
}
