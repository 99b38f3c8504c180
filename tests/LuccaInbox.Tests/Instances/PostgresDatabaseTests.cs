using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LuccaInbox.Tests.Instances;

/// <summary>The app's database on PostgreSQL, as several instances share it: migrations, data-protection keys, the audit chain.</summary>
public sealed class PostgresDatabaseTests
{
    [Fact]
    public void The_postgres_model_is_what_its_generated_migrations_build()
    {
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);

        Assert.False(db.Database.HasPendingModelChanges(),
            "the model changed without a PostgreSQL migration: add one with dotnet ef migrations add --context PostgresAppDbContext (README)");
    }

    [Fact]
    public async Task Two_instances_starting_at_once_on_a_new_database_migrate_it_once()
    {
        var database = AppDatabase.Postgres(await PostgresServer.CreateDatabaseAsync("migrate"));
        await using var first = Instance(database);
        await using var second = Instance(database);

        await Task.WhenAll(AppMigrations.ApplyAsync(first), AppMigrations.ApplyAsync(second));

        await using var db = await first.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.IsType<PostgresAppDbContext>(db);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations().Count(), (await db.Database.GetAppliedMigrationsAsync()).Count());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task A_sign_in_protected_by_one_instance_is_read_by_another_and_after_a_restart()
    {
        var database = AppDatabase.Postgres(await PostgresServer.CreateDatabaseAsync("keys"));
        string cookie;
        await using (var first = Instance(database))
        {
            await AppMigrations.ApplyAsync(first);
            cookie = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in").Protect("editor@example.test");
        }
        await using var second = Instance(database);

        Assert.Equal("editor@example.test", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in").Unprotect(cookie));
        await using var db = await second.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    [Fact]
    public async Task On_sqlite_the_keys_survive_a_restart_too()
    {
        using var folder = AuditDatabase.Create();
        var database = AppDatabase.Sqlite(folder.ConnectionString);
        string token;
        await using (var before = Instance(database))
        {
            await AppMigrations.ApplyAsync(before);
            token = before.GetRequiredService<IDataProtectionProvider>().CreateProtector("antiforgery").Protect("form");
        }
        await using var after = Instance(database);

        Assert.Equal("form", after.GetRequiredService<IDataProtectionProvider>().CreateProtector("antiforgery").Unprotect(token));
    }

    [Fact]
    public async Task Two_instances_appending_at_once_extend_one_unbroken_chain()
    {
        var database = AppDatabase.Postgres(await PostgresServer.CreateDatabaseAsync("chain"));
        await using var first = Instance(database);
        await using var second = Instance(database);
        await AppMigrations.ApplyAsync(first);
        var user = TestUsers.With("booker", "Bea Booker", "Inbox.Book");

        async Task WriteAsync(IServiceProvider instance, int count)
        {
            var audit = instance.GetRequiredService<AuditLog>();
            for (var i = 0; i < count; i++)
            {
                var entry = await audit.BeginAsync(user, new AuditIntent("Book", i, 1000 + i, $"INV-{i}", "Supplier", 10m + i, "EUR"));
                await audit.CompleteAsync(entry, AuditOutcomes.Succeeded, 200);
            }
        }
        await Task.WhenAll(WriteAsync(first, 20), WriteAsync(second, 20));

        var verification = await second.GetRequiredService<AuditChainVerifier>().VerifyAsync();
        Assert.True(verification.IsIntact, verification.ToString());
        Assert.Equal(40, verification.EntriesChecked);
        Assert.Equal(80, verification.LinksChecked);
    }

    [Theory]
    [InlineData(null, "Data Source=/data/audit.db", DatabaseProvider.Sqlite)]
    [InlineData("", "Host=db;Database=luccainbox;Username=app", DatabaseProvider.Postgres)]
    [InlineData(null, "Server=db;Port=5432;Database=luccainbox", DatabaseProvider.Postgres)]
    [InlineData("Postgres", "Host=db", DatabaseProvider.Postgres)]
    [InlineData("postgresql", "Host=db", DatabaseProvider.Postgres)]
    [InlineData("Sqlite", "Data Source=app.db", DatabaseProvider.Sqlite)]
    public void The_provider_is_the_configured_one_or_inferred_from_the_connection_string(string? configured, string connectionString, DatabaseProvider expected) =>
        Assert.Equal(expected, AppDatabase.ProviderOf(configured, connectionString));

    [Fact]
    public void An_unknown_provider_is_refused_with_the_names_that_work()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AppDatabase.ProviderOf("SqlServer", "Server=db"));
        Assert.Contains("Sqlite or Postgres", error.Message);
    }

    /// <summary>What one app instance registers for its database: the context factory, the key ring and the audit log.</summary>
    private static ServiceProvider Instance(AppDatabase database)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(database);
        services.AddDbContextFactory<AppDbContext, AppDbContextFactory>(database.Configure);
        services.AddDataProtection().SetApplicationName("LuccaInbox").PersistKeysToDbContext<AppDbContext>();
        services.AddSingleton(AuditChainKey.FromSecret(new string('k', 48)));
        var checkpoints = Path.Combine(Path.GetTempPath(), "luccainbox-tests", $"checkpoints-{Guid.NewGuid():N}.log");
        services.AddSingleton(sp => new AuditCheckpoints(sp.GetRequiredService<AuditChainKey>(), checkpoints, TimeProvider.System));
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditChainVerifier>();
        return services.BuildServiceProvider();
    }
}
