using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LuccaInbox.E2E;

/// <summary>
/// The real app, started as its own process on a loopback port exactly as "dotnet run" would run it: no Lucca
/// account configured, so it embeds its emulator. Fresh data folder per run. Every line it logs is kept.
/// </summary>
public class AppUnderTest : IAsyncLifetime
{
    public const string EmulatorApiKey = "e2e-secret-lucca-key-5f1c9a";
    private Process? _process;
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "luccainbox-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Settings on top of the usual ones, for a run against another kind of tenant.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraEnvironment { get; } = new Dictionary<string, string>();

    public Uri BaseUrl { get; private set; } = null!;
    public ConcurrentQueue<string> LogLines { get; } = new();
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public static string RepoRoot { get; } = FindRepoRoot();

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var webBin = Path.Combine(RepoRoot, "src", "LuccaInbox.Web", "bin", configuration, "net10.0");
        var info = new ProcessStartInfo("dotnet", [Path.Combine(webBin, "LuccaInbox.Web.dll"), "--urls", BaseUrl.ToString()])
        {
            WorkingDirectory = Path.Combine(RepoRoot, "src", "LuccaInbox.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["App__DataFolder"] = _dataFolder;
        info.Environment["Audit__CheckpointFile"] = Path.Combine(_dataFolder, "audit-checkpoints.log");
        info.Environment["Emulator__Documents"] = "80";
        info.Environment["Emulator__ApiKey"] = EmulatorApiKey;
        info.Environment["Booking__FourEyes"] = "true";
        // A browser test clicks faster than AP staff: twice Lucca's budget keeps five-second expectations honest
        // (the budget itself is measured by the benchmark and tested against a strict emulator in LuccaInbox.Tests).
        info.Environment["Lucca__RequestsPerMinute"] = "100";
        info.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in ExtraEnvironment) info.Environment[key] = value;
        _process = Process.Start(info) ?? throw new InvalidOperationException("The app did not start.");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) LogLines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) LogLines.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilLiveAsync();

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IBrowserContext> NewContextAsync() => await Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = BaseUrl.ToString(),
        Locale = "en-GB",
        ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        AcceptDownloads = true,
    });

    private async Task WaitUntilLiveAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited) throw new InvalidOperationException("The app exited: " + string.Join('\n', LogLines));
            try
            {
                using var response = await http.GetAsync("/health/live");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The app did not become live in 90 s: " + string.Join('\n', LogLines));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LuccaInbox.Web.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppUnderTest>
{
    public const string Name = "app";
}

/// <summary>The app against a Lucca that gives every restrictive answer the docs allow (Emulator:Profile=strictest).</summary>
public sealed class StrictestTenantApp : AppUnderTest
{
    protected override IReadOnlyDictionary<string, string> ExtraEnvironment { get; } = new Dictionary<string, string>
    {
        ["Emulator__Profile"] = "strictest",
        ["Booking__FourEyes"] = "false",
    };
}

[CollectionDefinition(Name)]
public sealed class StrictestTenantCollection : ICollectionFixture<StrictestTenantApp>
{
    public const string Name = "strictest-tenant";
}
