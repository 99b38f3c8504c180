using LuccaInbox.Web;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Booked;
using LuccaInbox.Web.Bulk;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Inbox;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LuccaInbox.Tests.Support;

/// <summary>
/// The web app's services (as AppServices registers them) without the web host: the real Lucca client against
/// an emulator on loopback, the inbox and booked services, and the audit log on a migrated SQLite file.
/// </summary>
public sealed partial class WebServicesHost : IAsyncDisposable
{
    private readonly ServiceProvider? _ownProvider;
    private readonly bool _ownsDatabase;
    private readonly List<IHostedService> _started = [];

    private WebServicesHost(LuccaTestHost? lucca, ServiceProvider? ownProvider, IServiceProvider services, AuditDatabase database,
        bool ownsDatabase = true)
    {
        _ownsDatabase = ownsDatabase;
        Lucca = lucca;
        _ownProvider = ownProvider;
        Services = services;
        Database = database;
    }

    /// <summary>Null for an audit-only host.</summary>
    public LuccaTestHost? Lucca { get; }
    public IServiceProvider Services { get; }
    public AuditDatabase Database { get; }

    public LuccaTestHost Emulator => Lucca ?? throw new InvalidOperationException("This host has no emulator.");
    public DocumentSaving Saving => Get<DocumentSaving>();
    public DocumentBooking Booking => Get<DocumentBooking>();
    public InboxService Inbox => Get<InboxService>();
    public AuditLog AuditLog => Get<AuditLog>();
    public AuditReader AuditReader => Get<AuditReader>();
    public AuditChainVerifier Verifier => Get<AuditChainVerifier>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>What a sign-in tells the app: <paramref name="user"/> holds these roles now (the roles a bulk job of theirs books with).</summary>
    public void SignIn(AppUser user) => Get<SessionCheck>().Start(user.ObjectId, user.Roles);

    /// <summary>Emulator + every service saving and booking need. <paramref name="settings"/> go to the app's IConfiguration.</summary>
    public static async Task<WebServicesHost> StartAsync(IDictionary<string, string?>? settings = null, int documents = 40,
        IDictionary<string, string?>? emulatorSettings = null)
    {
        var database = AuditDatabase.Create();
        var lucca = await LuccaTestHost.StartAsync(documents, emulatorSettings, clientSettings: settings, services: s => AddWebServices(s, database));
        var host = new WebServicesHost(lucca, null, lucca.Services, database);
        await database.MigrateAsync(host.Services);
        return host;
    }

    /// <summary>
    /// An app crash and restart: disposes this host's services under whatever is running (from then on nothing can reach the
    /// database or Lucca through them), and starts new ones on the same emulator and audit file. Both stay with this host.
    /// </summary>
    public async Task<WebServicesHost> RestartAsync(IDictionary<string, string?>? settings = null)
    {
        await ((ServiceProvider)Services).DisposeAsync();
        var lucca = LuccaTestHost.On(Emulator.Emulator, settings, s => AddWebServices(s, Database));
        return new WebServicesHost(lucca, null, lucca.Services, Database, ownsDatabase: false);
    }

    /// <summary>Only the audit log, reader and verifier, on <paramref name="database"/> (a new file, owned and deleted
    /// with the host, when null; a given database is left to its owner, so a second host can reopen it like a restart).
    /// <paramref name="settings"/> go to IConfiguration (e.g. Audit:ChainKey; without it, the development key), and
    /// <paramref name="logs"/>, when given, receives every log line; <paramref name="time"/> is the app's clock (the system's by default).</summary>
    public static async Task<WebServicesHost> AuditOnlyAsync(AuditDatabase? database = null, IDictionary<string, string?>? settings = null,
        ILoggerProvider? logs = null, TimeProvider? time = null)
    {
        var ownsDatabase = database is null;
        database ??= AuditDatabase.Create();
        var collection = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null) logging.AddProvider(logs);
        });
        collection.AddSingleton(time ?? TimeProvider.System);
        collection.AddDbContextFactory<AppDbContext>(options => options.UseSqlite(database.ConnectionString));
        collection.AddSingleton(AuditChainKey.FromConfiguration(configuration, DevelopmentEnvironment));
        collection.AddSingleton(sp => new AuditCheckpoints(sp.GetRequiredService<AuditChainKey>(), database.CheckpointPath, sp.GetRequiredService<TimeProvider>()));
        collection.AddSingleton<AuditLog>();
        collection.AddSingleton<AuditReader>();
        collection.AddSingleton<AuditChainVerifier>();
        var provider = collection.BuildServiceProvider();
        var host = new WebServicesHost(null, provider, provider, database, ownsDatabase);
        await database.MigrateAsync(provider);
        return host;
    }

    private static readonly IHostEnvironment DevelopmentEnvironment = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment
    {
        EnvironmentName = Environments.Development, ApplicationName = "LuccaInbox.Web", ContentRootPath = AppContext.BaseDirectory,
        ContentRootFileProvider = new NullFileProvider(),
    };

    /// <summary>
    /// One app instance of several sharing <paramref name="database"/> (PostgreSQL) and one emulator: its own services (inbox,
    /// presence, live events…), migrated and with the hosted services AddInvoiceWork registers started, as the app starts them.
    /// A new emulator, owned by this host, when <paramref name="emulator"/> is null. Files (checkpoints, previews) of its own.
    /// </summary>
    public static async Task<WebServicesHost> InstanceAsync(AppDatabase database, LuccaInbox.Emulator.RunningEmulator? emulator = null,
        IDictionary<string, string?>? settings = null, int documents = 40)
    {
        var files = AuditDatabase.Create();
        var lucca = emulator is null
            ? await LuccaTestHost.StartAsync(documents, clientSettings: settings, services: s => AddWebServices(s, files, database))
            : LuccaTestHost.On(emulator, settings, s => AddWebServices(s, files, database));
        var host = new WebServicesHost(lucca, null, lucca.Services, files);
        await AppMigrations.ApplyAsync(host.Services);
        foreach (var hosted in host.Services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
            host._started.Add(hosted);
        }
        return host;
    }

    private static void AddWebServices(IServiceCollection services, AuditDatabase database, AppDatabase? appDatabase = null)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IHostEnvironment>(DevelopmentEnvironment);
        services.AddInvoiceWork(System.IO.Path.Combine(database.Folder, "previews"), database.CheckpointPath,
            appDatabase ?? AppDatabase.Sqlite(database.ConnectionString));
        // AddLuccaClient() is added by LuccaTestHost after this hook; LuccaConnection as the embedded emulator would add it.
        services.AddSingleton(sp => new LuccaInbox.Web.LuccaAccess.LuccaConnection(
            new Uri(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<LuccaInbox.Lucca.LuccaOptions>>().Value.BaseUrl!), IsEmulated: true));
    }

    /// <summary>The inbox as the app's snapshot has it (loads it on first use).</summary>
    public async Task<IReadOnlyList<InboxItem>> InboxItemsAsync() => (await Inbox.GetAsync()).Items;

    /// <summary>An item Lucca (the emulator) accepts for booking: OCR done, number, date, owner and total present.</summary>
    public async Task<List<InboxItem>> BookableItemsAsync() => (await InboxItemsAsync())
        .Where(i => i.Document is { OcrStatus: "Processed" or "NotApplicable", DocumentNumber: { Length: > 0 }, DocumentDate: not null, Owner: not null }
            && i.Document.AmountIncludingTaxes?.IncludingTaxes?.Value is not null)
        .ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_started)) await hosted.StopAsync(CancellationToken.None);
        if (_ownProvider is not null) await _ownProvider.DisposeAsync();
        if (Lucca is not null) await Lucca.DisposeAsync();
        if (_ownsDatabase) Database.Dispose();
    }

}

/// <summary>A SQLite audit database in its own temp folder; tests can reach the same file with raw SQL.</summary>
public sealed class AuditDatabase : IDisposable
{
    private AuditDatabase(string folder)
    {
        Folder = folder;
        Path = System.IO.Path.Combine(folder, "audit.db");
        CheckpointPath = System.IO.Path.Combine(folder, "audit-checkpoints.log");
        // No pooling: every connection really closes, so raw SQL sees committed data and the folder can be deleted.
        ConnectionString = $"Data Source={Path};Pooling=False";
    }

    public string Folder { get; }
    public string Path { get; }
    public string ConnectionString { get; }
    /// <summary>The audit checkpoint file of this database (beside it here; outside the data folder in the app).</summary>
    public string CheckpointPath { get; }

    public static AuditDatabase Create()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "luccainbox-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new AuditDatabase(folder);
    }

    public async Task MigrateAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    /// <summary>Runs raw SQL on the file, outside EF and outside the app: what someone with the file could do.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder left behind is harmless
        }
    }
}

public static class TestUsers
{
    public static AppUser With(string id, string name, params string[] roles) =>
        new($"oid-{id}", name, $"{id}@example.test", new HashSet<string>(roles, StringComparer.Ordinal), false);

    public static readonly AppUser Editor = With("editor", "Eve Editor", AppRoles.InboxRead, AppRoles.InboxEdit, AppRoles.InboxBook);
    public static readonly AppUser Booker = With("booker", "Bob Booker", AppRoles.InboxRead, AppRoles.InboxBook);
    public static readonly AppUser Booker2 = With("booker2", "Bea Booker", AppRoles.InboxRead, AppRoles.InboxBook);
    public static readonly AppUser EditOnly = With("edit-only", "Ed Only", AppRoles.InboxRead, AppRoles.InboxEdit);
    public static readonly AppUser BookOnly = With("book-only", "Bo Only", AppRoles.InboxRead, AppRoles.InboxBook);
}
