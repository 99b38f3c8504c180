using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LuccaInbox.Tests.Instances;

/// <summary>
/// A migrated PostgreSQL database the app's instances share, plus a record of every grant ever written (a trigger copies
/// each row of "LuccaRequestGrants", which the budget itself prunes), and app instances with the Lucca budget on it.
/// </summary>
internal sealed class SharedBudgetDatabase
{
    private SharedBudgetDatabase(AppDatabase database) => Database = database;

    public AppDatabase Database { get; }

    public static async Task<SharedBudgetDatabase> CreateAsync(string prefix)
    {
        var database = AppDatabase.Postgres(await PostgresServer.CreateDatabaseAsync(prefix));
        var services = new ServiceCollection().AddLogging().AddSingleton(database)
            .AddDbContextFactory<AppDbContext, AppDbContextFactory>(database.Configure);
        await using (var provider = services.BuildServiceProvider())
        {
            await AppMigrations.ApplyAsync(provider);
        }
        var shared = new SharedBudgetDatabase(database);
        await shared.ExecuteAsync("""
            CREATE TABLE granted_history (host text NOT NULL, granted_at timestamptz NOT NULL);
            CREATE FUNCTION keep_grant() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO granted_history VALUES (NEW."Host", NEW."GrantedAtUtc"); RETURN NEW; END $$;
            CREATE TRIGGER keep_grant AFTER INSERT ON "LuccaRequestGrants" FOR EACH ROW EXECUTE FUNCTION keep_grant();
            """);
        return shared;
    }

    /// <summary>One app instance's Lucca budget (as AppServices registers it on PostgreSQL) with these settings.</summary>
    public ServiceProvider Instance(int requestsPerMinute, TimeSpan window)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(LuccaSettings(requestsPerMinute, window)).Build())
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSharedLuccaBudget(Database)
            .AddSingleton<LuccaRequestBudget>();
        services.AddOptions<LuccaOptions>().BindConfiguration(LuccaOptions.Section);
        return services.BuildServiceProvider();
    }

    public static Dictionary<string, string?> LuccaSettings(int requestsPerMinute, TimeSpan window) => new()
    {
        ["Lucca:RequestsPerMinute"] = requestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Lucca:RateLimitWindow"] = window.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Every grant written so far, by the database's clock, oldest first.</summary>
    public async Task<List<DateTime>> GrantTimesAsync(string? host = null)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT granted_at FROM granted_history WHERE $1::text IS NULL OR host = $1 ORDER BY granted_at", connection)
        {
            Parameters = { new() { Value = (object?)host ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var times = new List<DateTime>();
        while (await reader.ReadAsync()) times.Add(reader.GetDateTime(0));
        return times;
    }

    /// <summary>The most grants any one window holds: for each grant, those in the window that ends with it.</summary>
    public static int MostInAnyWindow(IReadOnlyList<DateTime> times, TimeSpan window) =>
        times.Count == 0 ? 0 : times.Select((end, i) => times.Take(i + 1).Count(t => end - t < window)).Max();

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
