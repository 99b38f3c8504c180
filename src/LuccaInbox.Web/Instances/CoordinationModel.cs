using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Instances;

/// <summary>One Lucca request sent by any instance: the tenant's sliding-minute budget counts these rows.</summary>
public sealed class LuccaRequestGrant
{
    public long Id { get; set; }
    public string Host { get; set; } = "";
    public DateTime GrantedAtUtc { get; set; }
}

/// <summary>The limit in force for a tenant, shared by every instance: lowered after a 429, recovered one per window.</summary>
public sealed class LuccaBudgetState
{
    public string Host { get; set; } = "";
    public int CurrentLimit { get; set; }
    public DateTime LastChangeUtc { get; set; }
    public DateTime? LastDecreaseUtc { get; set; }
}

/// <summary>Something one instance did that the others must show: a save, a booking, a sync (with what it read).</summary>
public sealed class LiveEvent
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string Instance { get; set; } = "";
    public string Kind { get; set; } = "";
    public int? InboxId { get; set; }
    public string? By { get; set; }
    public string? Payload { get; set; }
}

/// <summary>Who has which document open, on any instance; refreshed while the page is open, forgotten when it goes stale.</summary>
public sealed class PresenceEntry
{
    public string Session { get; set; } = "";
    public string Instance { get; set; } = "";
    public int InboxId { get; set; }
    public string UserObjectId { get; set; } = "";
    public string Name { get; set; } = "";
    public bool IsEditing { get; set; }
    public DateTime SinceUtc { get; set; }
    public DateTime SeenAtUtc { get; set; }
}

/// <summary>Who is booking a document right now (the lock itself is a PostgreSQL advisory lock held meanwhile).</summary>
public sealed class BookingClaim
{
    public int InboxId { get; set; }
    public string UserName { get; set; } = "";
    public string Instance { get; set; } = "";
    public DateTime ClaimedAtUtc { get; set; }
}

/// <summary>The tables several instances on one PostgreSQL coordinate with (none of them exists on SQLite).</summary>
public static class CoordinationModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        var grant = modelBuilder.Entity<LuccaRequestGrant>();
        grant.ToTable("LuccaRequestGrants");
        grant.Property(g => g.Host).HasMaxLength(200);
        grant.HasIndex(g => new { g.Host, g.GrantedAtUtc });

        var budget = modelBuilder.Entity<LuccaBudgetState>();
        budget.ToTable("LuccaBudgets");
        budget.HasKey(b => b.Host);
        budget.Property(b => b.Host).HasMaxLength(200);

        var live = modelBuilder.Entity<LiveEvent>();
        live.ToTable("LiveEvents");
        live.Property(e => e.Instance).HasMaxLength(100);
        live.Property(e => e.Kind).HasMaxLength(20);
        live.Property(e => e.By).HasMaxLength(200);
        live.HasIndex(e => e.AtUtc);

        var presence = modelBuilder.Entity<PresenceEntry>();
        presence.ToTable("PresenceEntries");
        presence.HasKey(p => p.Session);
        presence.Property(p => p.Session).HasMaxLength(100);
        presence.Property(p => p.Instance).HasMaxLength(100);
        presence.Property(p => p.UserObjectId).HasMaxLength(100);
        presence.Property(p => p.Name).HasMaxLength(200);
        presence.HasIndex(p => p.InboxId);

        var claim = modelBuilder.Entity<BookingClaim>();
        claim.ToTable("BookingClaims");
        claim.HasKey(c => c.InboxId);
        claim.Property(c => c.InboxId).ValueGeneratedNever();
        claim.Property(c => c.UserName).HasMaxLength(200);
        claim.Property(c => c.Instance).HasMaxLength(100);
    }
}
