using System.Net.Http.Json;
using LuccaInbox.Emulator;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Tests.Support;

/// <summary>An emulator on a loopback port plus a Lucca client wired exactly as the app wires it.</summary>
public sealed class LuccaTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _ownsEmulator;

    private LuccaTestHost(RunningEmulator emulator, ServiceProvider services, bool ownsEmulator = true)
    {
        Emulator = emulator;
        _services = services;
        _ownsEmulator = ownsEmulator;
        Admin.BaseAddress = emulator.BaseUrl;
    }

    public RunningEmulator Emulator { get; }
    public ILuccaInvoicesApi Api => _services.GetRequiredService<ILuccaInvoicesApi>();
    public IServiceProvider Services => _services;
    public HttpClient Admin { get; } = new();

    public static async Task<LuccaTestHost> StartAsync(int documents = 40, IDictionary<string, string?>? emulatorSettings = null,
        IDictionary<string, string?>? clientSettings = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?> { ["Emulator:Documents"] = documents.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (k, v) in emulatorSettings ?? new Dictionary<string, string?>()) settings[k] = v;
        var emulator = await LuccaEmulator.StartAsync(settings);
        return new LuccaTestHost(emulator, BuildServices(emulator, clientSettings, services));
    }

    /// <summary>New services (client, budget, whatever <paramref name="services"/> adds) on a running emulator, as a restarted
    /// app would have; the emulator stays with its owner.</summary>
    public static LuccaTestHost On(RunningEmulator emulator, IDictionary<string, string?>? clientSettings = null,
        Action<IServiceCollection>? services = null) => new(emulator, BuildServices(emulator, clientSettings, services), ownsEmulator: false);

    private static ServiceProvider BuildServices(RunningEmulator emulator, IDictionary<string, string?>? clientSettings,
        Action<IServiceCollection>? services)
    {
        var config = new Dictionary<string, string?>
        {
            ["Lucca:BaseUrl"] = emulator.BaseUrl.ToString(),
            ["Lucca:ApiKey"] = emulator.ApiKey,
        };
        foreach (var (k, v) in clientSettings ?? new Dictionary<string, string?>()) config[k] = v;
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        collection.AddLogging();
        services?.Invoke(collection);
        collection.AddLuccaClient();
        return collection.BuildServiceProvider();
    }

    public IReadOnlyList<LoggedRequest> Requests => Emulator.Requests.Entries;

    public Task ScriptAsync(ScriptedFault fault) => Admin.PostAsJsonAsync("/emulator/faults/next", fault);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _services.DisposeAsync();
        if (_ownsEmulator) await Emulator.DisposeAsync();
    }
}
