using LuccaInbox.Emulator;
using LuccaInbox.Lucca;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Web.LuccaAccess;

/// <summary>Which Lucca the app talks to: the configured tenant, or the emulator it started itself.</summary>
public sealed record LuccaConnection(Uri BaseUrl, bool IsEmulated);

/// <summary>
/// With no Lucca:BaseUrl configured, starts the emulator on a free loopback port (settings from "Emulator") and
/// points the Lucca client at it, so every call takes the same path (real HTTP, handlers, budget) as against a real
/// tenant. It is the first hosted service, so it runs before anything reads the Lucca options; it then validates them.
/// </summary>
public sealed class EmbeddedLucca(IConfiguration configuration, IServiceProvider services, ILogger<EmbeddedLucca> logger) : IHostedService
{
    public RunningEmulator? Emulator { get; private set; }

    public static void AddTo(IServiceCollection services)
    {
        services.AddSingleton<EmbeddedLucca>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedLucca>());
        services.AddSingleton<IPostConfigureOptions<LuccaOptions>, PointClientAtEmulator>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<LuccaOptions>>().CurrentValue;
            var embedded = sp.GetRequiredService<EmbeddedLucca>();
            return new LuccaConnection(new Uri(options.BaseUrl ?? "http://unconfigured.invalid"), embedded.Emulator is not null);
        });
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(configuration[$"{LuccaOptions.Section}:{nameof(LuccaOptions.BaseUrl)}"]))
        {
            var settings = configuration.GetSection(EmulatorOptions.Section).AsEnumerable()
                .Where(kv => kv.Value is not null)
                .ToDictionary(kv => kv.Key, kv => kv.Value);
            Emulator = await LuccaEmulator.StartAsync(settings, cancellationToken);
            logger.LogInformation("No Lucca account is configured (Lucca:BaseUrl): using the embedded Lucca emulator at {EmulatorUrl}", Emulator.BaseUrl);
            // Anything that read the options before now saw no address: read them again.
            services.GetRequiredService<IOptionsMonitorCache<LuccaOptions>>().Clear();
        }
        // Validate now, at start-up, with the final address.
        _ = services.GetRequiredService<IOptionsMonitor<LuccaOptions>>().CurrentValue;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Emulator is not null) await Emulator.DisposeAsync();
        Emulator = null;
    }

    private sealed class PointClientAtEmulator(EmbeddedLucca embedded) : IPostConfigureOptions<LuccaOptions>
    {
        public void PostConfigure(string? name, LuccaOptions options)
        {
            if (embedded.Emulator is not { } emulator || !string.IsNullOrWhiteSpace(options.BaseUrl)) return;
            options.BaseUrl = emulator.BaseUrl.ToString();
            options.ApiKey = emulator.ApiKey;
        }
    }
}
