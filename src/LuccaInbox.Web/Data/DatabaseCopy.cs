using System.Reflection;
using LuccaInbox.Web.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Data;

/// <summary>
/// Copies the app's data from one database to another (SQLite to PostgreSQL, to go to several instances): the audit log
/// row for row (ids, links and hashes as they are), bulk jobs and their items, saved views and data-protection keys, in
/// one transaction on the target. The source's chain is verified first and a broken one is not copied; the target's is
/// verified after, with the same key and checkpoint file. The coordination tables of several instances are not copied:
/// they hold nothing that outlives the instances.
/// </summary>
public sealed class DatabaseCopy(AppDatabase source, AppDatabase target, AuditChainKey key, AuditCheckpoints checkpoints, TextWriter output)
{
    private const int Batch = 1000;

    /// <summary>0 when the copy is committed and its chain verifies on the target; 2 when nothing was copied; 3 when the
    /// copy is committed but its rows or its chain do not match the source's.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        if (source.Provider == DatabaseProvider.Sqlite && source.Connection is null && SqliteFile(source.ConnectionString) is { } file && !File.Exists(file))
        {
            return Refuse($"the source database {file} does not exist");
        }
        await using var from = Services(source);
        await using var to = Services(target);

        // As the app would at its next start: a database last used by an older version gets the current tables.
        var pending = await PendingMigrationsAsync(from, cancellationToken);
        if (pending > 0)
        {
            output.WriteLine($"source: {pending} pending migration(s), applied as the app does at start");
            await AppMigrations.ApplyAsync(from, cancellationToken);
        }
        var before = await Verifier(from).VerifyAsync(cancellationToken);
        output.WriteLine($"source chain: {before.Summary}");
        if (!before.IsIntact)
        {
            return Refuse("the source's audit chain does not verify (see above), and a copy would carry the break along. " +
                "Check Audit:ChainKey and Audit:CheckpointFile (the source's own), or investigate the break from /audit");
        }

        await AppMigrations.ApplyAsync(to, cancellationToken);
        await using (var db = await Context(to, cancellationToken))
        {
            var filled = (await CountsAsync(db, cancellationToken)).Where(c => c.Rows > 0).Select(c => $"{c.Rows} {c.Table}").ToList();
            if (filled.Count > 0)
            {
                return Refuse($"the target already holds data ({string.Join(", ", filled)}): copy into a new, empty database, " +
                    "before any instance runs on it (ids are copied as they are)");
            }
        }

        Dictionary<string, int> counts;
        try
        {
            counts = await CopyAsync(from, to, cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            return Refuse($"the copy failed and its transaction was rolled back: {e.GetBaseException().Message}");
        }
        var allRows = true;
        await using (var db = await Context(to, cancellationToken))
        {
            foreach (var (table, rows) in await CountsAsync(db, cancellationToken))
            {
                output.WriteLine($"copied {table}: {rows} of {counts[table]}");
                allRows &= rows == counts[table];
            }
        }
        var after = await Verifier(to).VerifyAsync(cancellationToken);
        output.WriteLine($"target chain: {after.Summary}");
        var agrees = allRows && after.IsIntact && after.HeadHash == before.HeadHash && after.LinksChecked == before.LinksChecked;
        output.WriteLine(agrees ? "copied: the target's chain verifies and ends where the source's does"
            : "NOT verified: the copy is committed on the target, but its rows or its chain do not match the source's: do not use it (drop and recreate the target database, then investigate)");
        return agrees ? 0 : 3;
    }

    private int Refuse(string why)
    {
        output.WriteLine($"refused, nothing copied: {why}");
        return 2;
    }

    private async Task<Dictionary<string, int>> CopyAsync(ServiceProvider from, ServiceProvider to, CancellationToken cancellationToken)
    {
        await using var read = await Context(from, cancellationToken);
        await using var write = await Context(to, cancellationToken);
        await using var transaction = await write.Database.BeginTransactionAsync(cancellationToken);
        var counts = new Dictionary<string, int>
        {
            ["AuditEntries"] = await CopyTableAsync(read.AuditEntries.AsNoTracking().OrderBy(e => e.Id), write, cancellationToken),
            ["BulkBookingJobs"] = await CopyTableAsync(read.BulkBookingJobs.AsNoTracking().OrderBy(j => j.Id), write, cancellationToken),
            ["BulkBookingItems"] = await CopyTableAsync(read.BulkBookingItems.AsNoTracking().OrderBy(i => i.Id), write, cancellationToken),
            ["SavedViews"] = await CopyTableAsync(read.SavedViews.AsNoTracking().OrderBy(v => v.Id), write, cancellationToken),
            ["DataProtectionKeys"] = await CopyTableAsync(read.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id), write, cancellationToken),
            ["SignInSessions"] = await CopyTableAsync(read.SignInSessions.AsNoTracking().OrderBy(k => k.StartedAtUtc), write, cancellationToken),
        };
        if (target.IsPostgres)
        {
            // Explicit ids leave an identity's sequence at its start: the next insert would collide with a copied row.
            foreach (var table in counts.Keys.Where(table => table != "SignInSessions")) // keyed by a hash, no identity
            {
#pragma warning disable EF1002 // the table names are this class's constants
                await write.Database.ExecuteSqlRawAsync(
                    $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), COALESCE(MAX(\"Id\"), 0) + 1, false) FROM \"{table}\"", cancellationToken);
#pragma warning restore EF1002
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    private async Task<int> CopyTableAsync<T>(IQueryable<T> rows, AppDbContext write, CancellationToken cancellationToken) where T : class
    {
        var copied = 0;
        var subMicrosecond = 0;
        // Set on the row before it is tracked: EF compares DateTimes without their kind, so setting one later is no change to it.
        var times = write.Model.FindEntityType(typeof(T))!.GetProperties()
            .Where(p => p.ClrType == typeof(DateTime) || p.ClrType == typeof(DateTime?)).Select(p => p.PropertyInfo).OfType<PropertyInfo>().ToList();
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            foreach (var property in times)
            {
                if (property.GetValue(row) is not DateTime time) continue;
                // SQLite gives back no kind, and PostgreSQL's timestamptz takes only UTC; it keeps microseconds, not 100 ns
                // (truncated here rather than by the driver, so that the verifier's reading of the lost digit holds).
                if (target.IsPostgres && time.Ticks % 10 != 0) subMicrosecond++;
                property.SetValue(row, DateTime.SpecifyKind(target.IsPostgres ? new DateTime(time.Ticks - time.Ticks % 10) : time, DateTimeKind.Utc));
            }
            write.Add(row);
            if (++copied % Batch == 0)
            {
                await write.SaveChangesAsync(cancellationToken);
                write.ChangeTracker.Clear();
            }
        }
        await write.SaveChangesAsync(cancellationToken);
        write.ChangeTracker.Clear();
        if (subMicrosecond > 0)
        {
            output.WriteLine($"  {typeof(T).Name}: {subMicrosecond} time(s) had a 100-ns digit, which PostgreSQL does not store (it keeps microseconds). " +
                "Audit links still verify: the verifier finds the digit from the link's hash.");
        }
        return copied;
    }

    private static async Task<List<(string Table, int Rows)>> CountsAsync(AppDbContext db, CancellationToken cancellationToken) =>
    [
        ("AuditEntries", await db.AuditEntries.CountAsync(cancellationToken)),
        ("BulkBookingJobs", await db.BulkBookingJobs.CountAsync(cancellationToken)),
        ("BulkBookingItems", await db.BulkBookingItems.CountAsync(cancellationToken)),
        ("SavedViews", await db.SavedViews.CountAsync(cancellationToken)),
        ("DataProtectionKeys", await db.DataProtectionKeys.CountAsync(cancellationToken)),
        ("SignInSessions", await db.SignInSessions.CountAsync(cancellationToken)),
    ];

    private static async Task<int> PendingMigrationsAsync(ServiceProvider services, CancellationToken cancellationToken)
    {
        await using var db = await Context(services, cancellationToken);
        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
    }

    private AuditChainVerifier Verifier(ServiceProvider services) =>
        new(services.GetRequiredService<IDbContextFactory<AppDbContext>>(), key, checkpoints);

    private static Task<AppDbContext> Context(ServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);

    private static ServiceProvider Services(AppDatabase database)
    {
        var services = new ServiceCollection();
        services.AddSingleton(database);
        services.AddDbContextFactory<AppDbContext, AppDbContextFactory>(database.Configure);
        return services.BuildServiceProvider();
    }

    private static string? SqliteFile(string connectionString)
    {
        try
        {
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            return file is "" or ":memory:" || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? null : Path.GetFullPath(file);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
