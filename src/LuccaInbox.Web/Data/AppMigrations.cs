using Medallion.Threading.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace LuccaInbox.Web.Data;

/// <summary>
/// Brings the database to the model at start. On PostgreSQL several instances may start at once (a rolling deploy):
/// one at a time migrates, under an advisory lock, and the others find the work done.
/// </summary>
public static class AppMigrations
{
    public static async Task ApplyAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var database = services.GetRequiredService<AppDatabase>();
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        if (!database.IsPostgres)
        {
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }
        await CreateDatabaseIfMissingAsync(db, cancellationToken);
        var migrationLock = new PostgresDistributedLock(new PostgresAdvisoryLockKey("luccainbox:migrations", allowHashing: true), database.ConnectionString);
        await using (await migrationLock.AcquireAsync(TimeSpan.FromMinutes(5), cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    // Two instances may both find it missing: the second one's "already exists" is no failure.
    private static async Task CreateDatabaseIfMissingAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken)) return;
        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
        }
    }
}
