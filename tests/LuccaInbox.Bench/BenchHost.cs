using LuccaInbox.Emulator;
using LuccaInbox.Lucca;
using LuccaInbox.Web;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Booked;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.LuccaAccess;
using LuccaInbox.Web.Previews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LuccaInbox.Bench;

/// <summary>The app's services (no web host) against a strict emulator: budget scaled to 50 requests per second, unless a
/// scenario asks for the real window of a minute.</summary>
public sealed class BenchHost : IAsyncDisposable
{
    public const int Budget = 50;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly ServiceProvider _services;
    private readonly string _folder;
    private readonly bool _ownsEmulator;

    private BenchHost(RunningEmulator emulator, ServiceProvider services, string folder, bool ownsEmulator)
    {
        Emulator = emulator;
        _services = services;
        _folder = folder;
        _ownsEmulator = ownsEmulator;
    }

    public RunningEmulator Emulator { get; }
    public IServiceProvider Services => _services;
    public ILuccaInvoicesApi Api => _services.GetRequiredService<ILuccaInvoicesApi>();
    public InboxService Inbox => _services.GetRequiredService<InboxService>();
    public DocumentSaving Saving => _services.GetRequiredService<DocumentSaving>();
    public DocumentBooking Booking => _services.GetRequiredService<DocumentBooking>();
    public PreviewService Previews => _services.GetRequiredService<PreviewService>();

    public int RequestsSoFar => Emulator.Requests.Entries.Count;
    public int TooManyRequestsSoFar => Emulator.Requests.Entries.Count(r => r.Status == 429);

    public static async Task<BenchHost> StartAsync(int documents, int latencyMs, TimeSpan? window = null)
    {
        var budgetWindow = window ?? Window;
        var emulator = await StartEmulatorAsync(documents, latencyMs, budgetWindow);
        return await StartInstanceAsync(emulator, database: null, budgetWindow, ownsEmulator: true);
    }

    /// <summary>A strict emulator: the budget it enforces (429) is the one the client is given.</summary>
    public static Task<RunningEmulator> StartEmulatorAsync(int documents, int latencyMs, TimeSpan window) => LuccaEmulator.StartAsync(new Dictionary<string, string?>
    {
        ["Emulator:Documents"] = documents.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Emulator:LatencyMs"] = latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Emulator:RequestsPerMinute"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Emulator:RateLimitWindowSeconds"] = window.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <summary>One app instance's services against <paramref name="emulator"/>, on its own SQLite file, or on a shared
    /// <paramref name="database"/> (several instances: their coordination's hosted services run).</summary>
    public static async Task<BenchHost> StartInstanceAsync(RunningEmulator emulator, AppDatabase? database, TimeSpan budgetWindow, bool ownsEmulator = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "luccainbox-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lucca:BaseUrl"] = emulator.BaseUrl.ToString(),
            ["Lucca:ApiKey"] = emulator.ApiKey,
            ["Lucca:RequestsPerMinute"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lucca:RateLimitWindow"] = budgetWindow.ToString(),
            ["Lucca:InboxCacheSeconds"] = "60",
            ["Booking:FourEyes"] = "false",
        }).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Benchmark", ApplicationName = "LuccaInbox.Bench", ContentRootPath = AppContext.BaseDirectory, ContentRootFileProvider = new Microsoft.Extensions.FileProviders.NullFileProvider() });
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddLuccaClient();
        services.AddSingleton(new LuccaConnection(emulator.BaseUrl, IsEmulated: true));
        services.AddInvoiceWork(Path.Combine(folder, "previews"), Path.Combine(folder, "audit-checkpoints.log"),
            database ?? AppDatabase.Sqlite($"Data Source={Path.Combine(folder, "audit.db")}"));
        var provider = services.BuildServiceProvider();
        await AppMigrations.ApplyAsync(provider);
        foreach (var hosted in provider.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);
        return new BenchHost(emulator, provider, folder, ownsEmulator);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _services.GetServices<IHostedService>()) await hosted.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        if (_ownsEmulator) await Emulator.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

}
