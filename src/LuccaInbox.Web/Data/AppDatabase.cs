using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Where the app's data lives (the audit log, bulk jobs, saved views, data-protection keys) and on which engine: SQLite,
/// embedded, for one instance on one machine; PostgreSQL for several instances, which also coordinate through it.
/// </summary>
public sealed record AppDatabase(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>An open connection to use instead of the connection string (an in-memory SQLite database in tests).</summary>
    public DbConnection? Connection { get; init; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    public static AppDatabase From(IConfiguration configuration, string dataFolder)
    {
        var connectionString = ConnectionStringFrom(configuration, dataFolder);
        return new AppDatabase(ProviderOf(configuration["Database:Provider"], connectionString), connectionString);
    }

    public static AppDatabase Sqlite(string connectionString) => new(DatabaseProvider.Sqlite, connectionString);

    public static AppDatabase Sqlite(DbConnection connection) => new(DatabaseProvider.Sqlite, "") { Connection = connection };

    public static AppDatabase Postgres(string connectionString) => new(DatabaseProvider.Postgres, connectionString);

    /// <summary>
    /// ConnectionStrings:App, else ConnectionStrings:Audit (the documented name from when the database held the audit log
    /// alone: kept as an alias), else a SQLite file in the data folder (still called audit.db, so existing data is found).
    /// </summary>
    public static string ConnectionStringFrom(IConfiguration configuration, string dataFolder) =>
        configuration.GetConnectionString("App") is { Length: > 0 } app ? app
        : configuration.GetConnectionString("Audit") is { Length: > 0 } audit ? audit
        : $"Data Source={Path.Combine(dataFolder, "audit.db")}";

    /// <summary>Database:Provider when set; else PostgreSQL for a connection string that names a server (Host=…), SQLite otherwise.</summary>
    public static DatabaseProvider ProviderOf(string? configured, string connectionString)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim().ToLowerInvariant() switch
            {
                "sqlite" => DatabaseProvider.Sqlite,
                "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
                _ => throw new InvalidOperationException($"Database:Provider is '{configured}': use Sqlite or Postgres (or leave it empty to infer it from the connection string)."),
            };
        }
        var keys = new DbConnectionStringBuilder();
        try
        {
            keys.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return DatabaseProvider.Sqlite;
        }
        return keys.ContainsKey("Host") || keys.ContainsKey("Server") ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        if (IsPostgres) options.UseNpgsql(ConnectionString);
        else if (Connection is not null) options.UseSqlite(Connection);
        else options.UseSqlite(ConnectionString);
    }

    /// <summary>A context of the provider's own type, so that it finds its own migrations.</summary>
    public AppDbContext CreateContext(DbContextOptions<AppDbContext> options) => IsPostgres ? new PostgresAppDbContext(options) : new AppDbContext(options);
}

/// <summary>Every context the app asks for is the provider's own (<see cref="AppDatabase.CreateContext"/>).</summary>
public sealed class AppDbContextFactory(DbContextOptions<AppDbContext> options, AppDatabase database) : IDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext() => database.CreateContext(options);
}
