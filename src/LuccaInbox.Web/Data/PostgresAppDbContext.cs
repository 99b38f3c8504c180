using LuccaInbox.Web.Instances;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Data;

/// <summary>
/// The app's data on PostgreSQL, plus the tables several instances coordinate with (<see cref="CoordinationModel"/>).
/// A type of its own so that its generated migrations (Data/Migrations/Postgres) are found apart from SQLite's.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<AppDbContext> options) : AppDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        CoordinationModel.Configure(modelBuilder);
    }
}
