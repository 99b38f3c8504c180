using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Bulk;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.SavedViews;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace LuccaInbox.Tests.Instances;

/// <summary>copy-database: a SQLite database written by the app, moved to a new PostgreSQL database.</summary>
public sealed class DatabaseCopyTests
{
    private static readonly string ChainKey = new('c', 48);
    private static readonly DateTime OldTime = new(2026, 11, 20, 9, 30, 15, DateTimeKind.Utc);

    [Fact]
    public async Task A_sqlite_database_is_copied_to_postgres_with_its_chain_intact_and_the_chain_goes_on_there()
    {
        await using var source = await WrittenSourceAsync();
        var target = await PostgresServer.CreateDatabaseAsync("copy");
        var output = new StringWriter();

        var code = await CopyAsync(source, target, output);

        Assert.True(code == 0, output.ToString());
        Assert.Contains("target chain: Intact: 4 entries, 7 links verified", output.ToString());
        // The old entry's 100-ns digits are not silently dropped: they are said, and found again by the verifier.
        Assert.Contains("AuditEntry: 2 time(s) had a 100-ns digit", output.ToString());
        await using var to = Instance(AppDatabase.Postgres(target), source.Database.CheckpointPath);
        await using (var db = await Context(to))
        {
            var copied = await db.AuditEntries.OrderBy(e => e.Id).ToListAsync();
            await using var from = await Context(source.Services);
            var original = await from.AuditEntries.OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(original.Select(e => (e.Id, e.Sequence, e.Hash, e.OutcomeSequence, e.OutcomeHash, e.Action, e.Amount, e.Note)),
                copied.Select(e => (e.Id, e.Sequence, e.Hash, e.OutcomeSequence, e.OutcomeHash, e.Action, e.Amount, e.Note)));
            Assert.Equal(original[0].AtUtc.Ticks / 10, copied[0].AtUtc.Ticks / 10);
            Assert.Equal(1, await db.BulkBookingJobs.CountAsync());
            Assert.Equal(2, await db.BulkBookingItems.CountAsync());
            Assert.Equal("Overdue", (await db.SavedViews.SingleAsync()).Name);
            Assert.Equal("<key id=\"copied\" />", (await db.DataProtectionKeys.SingleAsync()).Xml);
        }

        // The target takes over: its ids go on after the copied ones, and its chain after the copied head.
        var audit = to.GetRequiredService<AuditLog>();
        var next = await audit.BeginAsync(TestUsers.Booker, new AuditIntent(AuditActions.Book, 7, 1007, "INV-7", "Acme", 70m, "EUR"));
        await audit.CompleteAsync(next, AuditOutcomes.Succeeded, 200);
        Assert.Equal(5, next.Id);
        Assert.Equal(8, next.Sequence);
        await using (var db = await Context(to))
        {
            db.SavedViews.Add(new SavedView { UserObjectId = "oid-booker", Name = "Mine", Query = "q=x", CreatedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        var verification = await to.GetRequiredService<AuditChainVerifier>().VerifyAsync();
        Assert.True(verification.IsIntact, verification.Summary);
        Assert.Equal(9, verification.LinksChecked);
    }

    [Fact]
    public async Task A_source_whose_chain_is_broken_is_not_copied_and_the_break_is_named()
    {
        await using var source = await WrittenSourceAsync();
        await source.Database.ExecuteAsync("UPDATE AuditEntries SET Amount = 9999 WHERE Id = 3");
        var target = await PostgresServer.CreateDatabaseAsync("copybroken");
        var output = new StringWriter();

        var code = await CopyAsync(source, target, output);

        Assert.Equal(2, code);
        Assert.Contains("source chain: Broken at entry #3, which was changed after it was written", output.ToString());
        Assert.Contains("refused, nothing copied", output.ToString());
        await using var to = Instance(AppDatabase.Postgres(target), source.Database.CheckpointPath);
        await using var db = await Context(to);
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task A_target_that_already_holds_entries_is_refused()
    {
        await using var source = await WrittenSourceAsync();
        var target = await PostgresServer.CreateDatabaseAsync("copyfull");
        Assert.Equal(0, await CopyAsync(source, target, new StringWriter()));
        var output = new StringWriter();

        // Without --to: the app's configured database, as in a container of the compose file.
        var code = await CopyAsync(source, null, output, configuredDatabase: target);

        Assert.Equal(2, code);
        Assert.Contains("the target already holds data (4 AuditEntries", output.ToString());
        await using var to = Instance(AppDatabase.Postgres(target), source.Database.CheckpointPath);
        await using var db = await Context(to);
        Assert.Equal(4, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task On_postgres_a_time_that_lost_its_100_ns_digit_verifies_but_any_other_change_to_it_does_not()
    {
        await using var source = await WrittenSourceAsync();
        var target = await PostgresServer.CreateDatabaseAsync("copytime");
        Assert.Equal(0, await CopyAsync(source, target, new StringWriter()));
        await using var to = Instance(AppDatabase.Postgres(target), source.Database.CheckpointPath);
        await using (var db = await Context(to))
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"AtUtc\" = \"AtUtc\" + interval '1 microsecond' WHERE \"Id\" = 1");
        }

        var verification = await to.GetRequiredService<AuditChainVerifier>().VerifyAsync();

        Assert.False(verification.IsIntact);
        Assert.Equal("Broken at entry #1, which was changed after it was written.", verification.Summary);
    }

    [Fact]
    public async Task Without_a_source_the_command_says_how_to_use_it()
    {
        var output = new StringWriter();

        Assert.Equal(1, await CopyDatabaseCommand.RunAsync(["copy-database", "--to", "Host=db"], output));
        Assert.StartsWith("usage: copy-database --from", output.ToString());
    }

    private static async Task<int> CopyAsync(WebServicesHost source, string? target, TextWriter output, string? configuredDatabase = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:App"] = configuredDatabase,
            ["Audit:ChainKey"] = ChainKey,
            ["Audit:CheckpointFile"] = source.Database.CheckpointPath,
            ["App:DataFolder"] = source.Database.Folder,
        }).Build();
        var environment = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment
        {
            EnvironmentName = Environments.Production, ApplicationName = "LuccaInbox.Web", ContentRootPath = source.Database.Folder,
            ContentRootFileProvider = new NullFileProvider(),
        };
        return await CopyDatabaseCommand.RunAsync(configuration, environment, source.Database.ConnectionString, target, output);
    }

    /// <summary>
    /// A SQLite database as the app leaves it: an entry an older version wrote (its times in 100-ns ticks, hashed so), then
    /// entries written through the audit log (one still Pending), a bulk job, a saved view, a data-protection key.
    /// </summary>
    private static async Task<WebServicesHost> WrittenSourceAsync()
    {
        var host = await WebServicesHost.AuditOnlyAsync(settings: new Dictionary<string, string?> { ["Audit:ChainKey"] = ChainKey });
        var key = AuditChainKey.FromSecret(ChainKey);
        await using (var db = await Context(host.Services))
        {
            var old = new AuditEntry
            {
                Sequence = 1, PreviousHash = AuditHashing.GenesisHash, AtUtc = OldTime.AddTicks(1234567), UserObjectId = "oid-old",
                UserName = "Old Version", Action = AuditActions.Edit, InboxId = 1, DocumentId = 1001, DiffJson = "[]", CorrelationId = "old",
                Outcome = AuditOutcomes.Succeeded, CompletedAtUtc = OldTime.AddTicks(2345673), LuccaStatus = 200, OutcomeSequence = 2,
            };
            old.Hash = AuditHashing.IntentHash(old, old.PreviousHash, key);
            old.OutcomePreviousHash = old.Hash;
            old.OutcomeHash = AuditHashing.OutcomeHash(old, old.Hash, key);
            db.AuditEntries.Add(old);
            db.BulkBookingJobs.Add(new BulkBookingJob
            {
                CreatedAtUtc = OldTime, CreatedByObjectId = "oid-booker", CreatedByName = "Bob Booker", Status = BulkJobStatus.Completed,
                Items = [new BulkBookingItem { InboxId = 2, DocumentId = 1002, Status = BulkItemStatus.Booked, AuditEntryId = 2 },
                    new BulkBookingItem { InboxId = 3, DocumentId = 1003, Status = BulkItemStatus.Skipped, Message = "already booked" }],
            });
            db.SavedViews.Add(new SavedView { UserObjectId = "oid-booker", Name = "Overdue", Query = "overdue=1", CreatedAtUtc = OldTime });
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "copied", Xml = "<key id=\"copied\" />" });
            await db.SaveChangesAsync();
        }
        var audit = host.AuditLog;
        for (var i = 2; i <= 3; i++)
        {
            var entry = await audit.BeginAsync(TestUsers.Booker, new AuditIntent(AuditActions.BulkBook, i, 1000 + i, $"INV-{i}", "Acme", 10.5m * i, "EUR", Note: "bulk"));
            await audit.CompleteAsync(entry, AuditOutcomes.Succeeded, 200);
        }
        await audit.BeginAsync(TestUsers.Editor, new AuditIntent(AuditActions.Edit, 4, 1004, "INV-4", "Acme", 40m, "EUR", "[{\"path\":\"x\"}]"));
        var verification = await host.Verifier.VerifyAsync();
        Assert.True(verification.IsIntact, verification.Summary);
        return host;
    }

    private static ServiceProvider Instance(AppDatabase database, string checkpointFile)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(database);
        services.AddDbContextFactory<AppDbContext, AppDbContextFactory>(database.Configure);
        services.AddSingleton(AuditChainKey.FromSecret(ChainKey));
        services.AddSingleton(sp => new AuditCheckpoints(sp.GetRequiredService<AuditChainKey>(), checkpointFile, TimeProvider.System));
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditChainVerifier>();
        return services.BuildServiceProvider();
    }

    private static Task<AppDbContext> Context(IServiceProvider services) =>
        services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
}
