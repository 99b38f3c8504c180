using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LuccaInbox.E2E;

/// <summary>
/// The real app, started as its own process on a loopback port exactly as "dotnet run" would run it: no Lucca
/// account configured, so it embeds its emulator. Fresh data folder per run. Every line it logs is kept, and written
/// as it comes to {E2EOutput.Folder}/{Name}.log, so it can be read even when the test host was ended for hanging.
/// Every wait here is bounded, and the app's process tree is killed on dispose whatever happened before.
/// </summary>
public class AppUnderTest : IAsyncLifetime
{
    public const string EmulatorApiKey = "e2e-secret-lucca-key-5f1c9a";

    // Playwright's own waits, set on every context (actions, navigations) and for every expectation: what a page
    // needs on two cores shared with builds, well inside a test's own limit (BrowserTest.Limit).
    public const float ActionTimeoutMs = 30_000;
    public const float NavigationTimeoutMs = 45_000;
    public const float ExpectTimeoutMs = 10_000;

    // The app seeds its emulator (page images included) before it listens: about 10 s on two idle cores, more than a
    // minute on two overloaded ones.
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan BrowserLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(20);

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "luccainbox-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<string> _log = [];
    private readonly Lock _logLock = new();
    private readonly ConcurrentDictionary<IBrowserContext, byte> _contexts = new();
    private Process? _process;
    private StreamWriter? _logFile;
    private int _disposed;

    /// <summary>Settings on top of the usual ones, for a run against another kind of tenant.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraEnvironment { get; } = new Dictionary<string, string>();

    /// <summary>Names this app's log file (and pid file) in the output folder.</summary>
    protected virtual string Name => "app";

    /// <summary>The Lucca emulator this app was pointed at (Lucca:BaseUrl), when it does not embed its own.</summary>
    public virtual Uri? GivenEmulator => null;

    public Uri BaseUrl { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string LogFile => E2EOutput.PathFor(Name + ".log");
    private string PidFile => E2EOutput.PathFor(Name + ".pid");

    /// <summary>Every line the app has logged so far.</summary>
    public IReadOnlyList<string> LogLines
    {
        get { lock (_logLock) return [.. _log]; }
    }

    /// <summary>How many lines the app has logged so far: a mark for <see cref="LogSince"/>.</summary>
    public int LogMark
    {
        get { lock (_logLock) return _log.Count; }
    }

    public IReadOnlyList<string> LogSince(int mark)
    {
        lock (_logLock) return _log.Skip(mark).ToList();
    }

    public string RecentLog(int lines = 60) => string.Join('\n', LogLines.TakeLast(lines));

    public static string RepoRoot { get; } = FindRepoRoot();

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        StartApp();
        try
        {
            await WaitUntilLiveAsync();
            Playwright = await Microsoft.Playwright.Playwright.CreateAsync().WaitAsync(BrowserLimit);
            Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Timeout = (float)BrowserLimit.TotalMilliseconds,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
        }
        catch (Exception e)
        {
            await DisposeAsync(); // nothing may outlive a fixture whose start failed
            throw new InvalidOperationException($"The {Name} under test could not be started ({e.GetType().Name}: {e.Message}). Its last log lines:\n{RecentLog()}", e);
        }
    }

    private void StartApp()
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
        // No originals read in the background for the grid's flags: the emulator renders each one on the fly, which costs
        // seconds of CPU on a loaded 2-core runner, and no browser test needs it (opening a document reads its original).
        info.Environment["InvoiceCheck__WarmUpSeconds"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in ExtraEnvironment) info.Environment[key] = value;

        _logFile = new StreamWriter(LogFile, append: false) { AutoFlush = true };
        _process = Process.Start(info) ?? throw new InvalidOperationException("The app did not start.");
        // If the test host is stopped (Ctrl+C, SIGTERM) rather than killed, the app goes with it; .ci/test ends it by
        // this pid file when the host was killed for hanging.
        File.WriteAllText(PidFile, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Record($"[e2e] started {Name} (pid {_process.Id}) on {BaseUrl}");
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (_logLock)
        {
            _log.Add(line);
            try { _logFile?.WriteLine(line); } catch (ObjectDisposedException) { } // a last line after the stop
        }
    }

    private async Task WaitUntilLiveAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartLimit)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was live.");
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
        throw new TimeoutException($"The app did not answer /health/live within {StartLimit.TotalSeconds} s.");
    }

    /// <summary>A browser context with this app as its base URL and every Playwright wait bounded; closed at the end of
    /// the test that made it, if the test did not close it (a failed or timed-out test).</summary>
    /// <param name="locale">The browser's language (Accept-Language, number and date formats).</param>
    /// <param name="viewport">The window's size; 1440×900 by default.</param>
    public async Task<IBrowserContext> NewContextAsync(string locale = "en-GB", ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            Locale = locale,
            ViewportSize = viewport ?? new ViewportSize { Width = 1440, Height = 900 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(ActionTimeoutMs);
        context.SetDefaultNavigationTimeout(NavigationTimeoutMs);
        _contexts[context] = 0;
        context.Close += (_, _) => _contexts.TryRemove(context, out _);
        return context;
    }

    /// <summary>Closes the browser contexts still open, each within a bound: what a failed test left behind.</summary>
    public async Task CloseContextsAsync()
    {
        foreach (var context in _contexts.Keys)
        {
            await GiveUpAfterAsync(context.CloseAsync(), StopLimit, "closing a browser context");
            _contexts.TryRemove(context, out _);
        }
    }

    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            await CloseContextsAsync();
            if (Browser is not null) await GiveUpAfterAsync(Browser.CloseAsync(), StopLimit, "closing the browser");
            if (Playwright is not null) await GiveUpAfterAsync(Task.Run(Playwright.Dispose), StopLimit, "stopping Playwright's driver");
        }
        finally
        {
            await StopAppAsync();
            try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Ends the app's process at once, as a crash or an OOM kill would: no shutdown, no finished work.</summary>
    public Task KillAsync() => StopAppAsync();

    private async Task StopAppAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        if (_process is null) return;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            // Also waits for the end of its redirected output: bounded, whatever holds the pipes.
            using var limit = new CancellationTokenSource(StopLimit);
            await _process.WaitForExitAsync(limit.Token);
            File.Delete(PidFile);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Record($"[e2e] the {Name} did not confirm its exit within {StopLimit.TotalSeconds} s: {e.Message}");
        }
        finally
        {
            lock (_logLock)
            {
                _logFile?.Dispose();
                _logFile = null;
            }
            _process.Dispose();
            _process = null;
        }
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try { _process?.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }

    private async Task GiveUpAfterAsync(Task task, TimeSpan limit, string what)
    {
        try
        {
            await task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            Record($"[e2e] gave up {what} after {limit.TotalSeconds} s");
        }
        catch (PlaywrightException e)
        {
            Record($"[e2e] {what}: {e.Message}");
        }
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
