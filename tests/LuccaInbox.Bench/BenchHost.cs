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

    private BenchHost(RunningEmulator emulator, ServiceProvider services, string folder)
    {
        Emulator = emulator;
        _services = services;
        _folder = folder;
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
        var emulator = await LuccaEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Documents"] = documents.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Emulator:LatencyMs"] = latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Emulator:RequestsPerMinute"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Emulator:RateLimitWindowSeconds"] = budgetWindow.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
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
        services.AddInvoiceWork(Path.Combine(folder, "previews"), Path.Combine(folder, "audit-checkpoints.log"), LuccaInbox.Web.Data.AppDatabase.Sqlite($"Data Source={Path.Combine(folder, "audit.db")}"));
        var provider = services.BuildServiceProvider();
        await using (var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }
        return new BenchHost(emulator, provider, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Emulator.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

}
