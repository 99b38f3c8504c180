using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;

namespace LuccaInbox.Bench;

/// <summary>
/// Memory per Blazor circuit with the grid open: the app runs as its own process (embedded emulator), N Chromium
/// pages each open the inbox (one circuit each), and the process's resident memory and managed heap (from
/// /health/ready) are read before and after. An estimate: the GC runs when it likes, so the heap figure is noisy.
/// </summary>
public static class CircuitMemory
{
    public static async Task<object> MeasureAsync(int circuits)
    {
        var root = FindRepoRoot();
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var folder = Path.Combine(Path.GetTempPath(), "luccainbox-bench-app-" + Guid.NewGuid().ToString("N")[..8]);
        var info = new ProcessStartInfo("dotnet", [Path.Combine(root, "src", "LuccaInbox.Web", "bin", "Release", "net10.0", "LuccaInbox.Web.dll"), "--urls", baseUrl])
        {
            WorkingDirectory = Path.Combine(root, "src", "LuccaInbox.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["App__DataFolder"] = folder;
        info.Environment["Emulator__Documents"] = "1000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var app = Process.Start(info)!;
        app.OutputDataReceived += (_, _) => { };
        app.ErrorDataReceived += (_, _) => { };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
            for (var i = 0; i < 240 && !(await Live(http)); i++) await Task.Delay(250);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
            var first = await context.NewPageAsync();
            await first.GotoAsync("/account/dev-signin");
            await first.GetByTestId("dev-user-viewer").ClickAsync();
            await OpenGridAsync(first);
            await Task.Delay(2000);
            var (rssBefore, heapBefore) = await ReadAsync(http, app);

            var pages = new List<IPage>();
            for (var i = 0; i < circuits; i++)
            {
                var page = await context.NewPageAsync();
                await OpenGridAsync(page);
                pages.Add(page);
            }
            await Task.Delay(3000);
            var (rssAfter, heapAfter) = await ReadAsync(http, app);
            return new
            {
                circuits,
                gridRowsPerPage = 25,
                residentBytesPerCircuit = (rssAfter - rssBefore) / circuits,
                managedHeapBytesPerCircuit = (heapAfter - heapBefore) / circuits,
                residentMiBBefore = Math.Round(rssBefore / 1048576.0, 1),
                residentMiBAfter = Math.Round(rssAfter / 1048576.0, 1),
            };
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task OpenGridAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.Locator("body[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.Locator("[data-testid=inbox-row]").First.WaitForAsync();
    }

    private static async Task<(long Rss, long Heap)> ReadAsync(HttpClient http, Process app)
    {
        using var health = JsonDocument.Parse(await http.GetStringAsync("/health/ready"));
        var heap = health.RootElement.GetProperty("checks").GetProperty("lucca").GetProperty("data").GetProperty("managedMemoryBytes").GetInt64();
        var status = await File.ReadAllLinesAsync($"/proc/{app.Id}/status");
        var rssKb = long.Parse(status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (rssKb * 1024, heap);
    }

    private static async Task<bool> Live(HttpClient http)
    {
        try { return (await http.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK; }
        catch (HttpRequestException) { return false; }
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
        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository.");
    }
}
