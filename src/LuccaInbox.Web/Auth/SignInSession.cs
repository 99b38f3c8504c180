using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Auth;

/// <summary>
/// A sign-in session as the database keeps it, so that a restart or another instance knows it: the SHA-256 of its id
/// (the id itself is only in the person's protected cookie), whose it is, the roles it carried, and until when.
/// </summary>
public sealed class SignInSession
{
    public string IdHash { get; set; } = "";
    public string ObjectId { get; set; } = "";
    public string Roles { get; set; } = "";
    public DateTime StartedAtUtc { get; set; }
    public DateTime ExpiresAtUtc { get; set; }
    /// <summary>Signed out: the session no longer stands, but its roles still say what work on the person's behalf may do.</summary>
    public DateTime? EndedAtUtc { get; set; }

    public static string HashOf(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    public IReadOnlySet<string> RoleSet => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    internal static void Configure(ModelBuilder modelBuilder)
    {
        var session = modelBuilder.Entity<SignInSession>();
        session.ToTable("SignInSessions");
        session.HasKey(s => s.IdHash);
        session.Property(s => s.IdHash).HasMaxLength(64);
        session.Property(s => s.ObjectId).HasMaxLength(100);
        session.Property(s => s.Roles).HasMaxLength(1000);
        session.HasIndex(s => s.ObjectId);
        session.HasIndex(s => s.ExpiresAtUtc);
    }
}
