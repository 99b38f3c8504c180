using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LuccaInbox.Tests.Support;

namespace LuccaInbox.E2E.SeveralInstances;

/// <summary>An app instance on the shared PostgreSQL database and the shared Lucca emulator.</summary>
public sealed class InstanceApp(string name, IReadOnlyDictionary<string, string> environment, Uri emulator) : AppUnderTest
{
    protected override string Name => name;

    protected override IReadOnlyDictionary<string, string> ExtraEnvironment => environment;

    public override Uri? GivenEmulator => emulator;
}

/// <summary>
/// Two app instances (A and B) as processes, over real HTTP, on one PostgreSQL database and one Lucca emulator (its own
/// process too), with a tight budget in emulated minutes: <see cref="RequestsPerWindow"/> requests per
/// <see cref="WindowSeconds"/> seconds, which the emulator enforces strictly (429). <see cref="StartInstanceAsync"/>
/// starts a third one to kill.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public const int RequestsPerWindow = 30;
    public const int WindowSeconds = 4;
    private readonly List<InstanceApp> _started = [];
    private Process? _emulator;
    private string _connectionString = "";

    public InstanceApp A { get; private set; } = null!;
    public InstanceApp B { get; private set; } = null!;
    public Uri Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("e2e");
        Emulator = await StartEmulatorAsync();
        // One after the other: the first migrates the new database (the other would wait for its lock anyway).
        A = await StartInstanceAsync("instance-a");
        B = await StartInstanceAsync("instance-b");
    }

    public async Task<InstanceApp> StartInstanceAsync(string name)
    {
        var app = new InstanceApp(name, new Dictionary<string, string>
        {
            ["Lucca__BaseUrl"] = Emulator.ToString(),
            ["Lucca__ApiKey"] = AppUnderTest.EmulatorApiKey,
            ["Lucca__RequestsPerMinute"] = RequestsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lucca__RateLimitWindow"] = TimeSpan.FromSeconds(WindowSeconds).ToString(),
            ["ConnectionStrings__App"] = _connectionString,
            ["Database__Provider"] = "Postgres",
            ["Booking__FourEyes"] = "false",
            ["Bulk__LeaseSeconds"] = "5",
        }, Emulator);
        await app.InitializeAsync();
        _started.Add(app);
        return app;
    }

    /// <summary>Every request the emulator received after <paramref name="afterSequence"/>, its own controls left out.</summary>
    public async Task<IReadOnlyList<LoggedRequest>> LuccaRequestsAsync(long afterSequence = 0)
    {
        using var http = new HttpClient { BaseAddress = Emulator };
        var all = JsonSerializer.Deserialize<List<LoggedRequest>>(await http.GetStringAsync("/emulator/requests"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        return all.Where(r => r.Sequence > afterSequence && !r.Path.StartsWith("/emulator", StringComparison.Ordinal)).OrderBy(r => r.Sequence).ToList();
    }

    public async Task<long> LastSequenceAsync()
    {
        using var http = new HttpClient { BaseAddress = Emulator };
        var all = JsonSerializer.Deserialize<List<LoggedRequest>>(await http.GetStringAsync("/emulator/requests"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        return all.Count == 0 ? 0 : all.Max(r => r.Sequence);
    }

    private async Task<Uri> StartEmulatorAsync()
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(AppUnderTest.RepoRoot, "src", "LuccaInbox.Emulator", "bin", configuration, "net10.0", "LuccaInbox.Emulator.dll");
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", url.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["Emulator__Documents"] = "80";
        info.Environment["Emulator__ApiKey"] = AppUnderTest.EmulatorApiKey;
        info.Environment["Emulator__RequestsPerMinute"] = RequestsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Emulator__RateLimitWindowSeconds"] = WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var log = new StreamWriter(E2EOutput.PathFor("shared-emulator.log"), append: false) { AutoFlush = true };
        _emulator = Process.Start(info) ?? throw new InvalidOperationException("The emulator did not start.");
        _emulator.OutputDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.WriteLine(e.Data); };
        _emulator.ErrorDataReceived += (_, e) => { lock (log) if (e.Data is not null) log.WriteLine(e.Data); };
        _emulator.BeginOutputReadLine();
        _emulator.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_emulator.HasExited) throw new InvalidOperationException($"The emulator exited with code {_emulator.ExitCode}.");
            try
            {
                using var response = await http.GetAsync("/emulator/profile");
                if (response.IsSuccessStatusCode) return url;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The shared emulator did not answer within 120 s.");
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _started) await app.DisposeAsync();
        if (_emulator is { HasExited: false }) _emulator.Kill(entireProcessTree: true);
        _emulator?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One request as the emulator logged it (GET /emulator/requests).</summary>
public sealed record LoggedRequest(long Sequence, DateTimeOffset At, string Method, string Path, string Query, int Status);

[CollectionDefinition(Name)]
public sealed class TwoInstancesCollection : ICollectionFixture<TwoInstances>
{
    public const string Name = "two-instances";
}
