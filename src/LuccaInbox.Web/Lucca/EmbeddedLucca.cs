using LuccaInbox.Emulator;
using LuccaInbox.Lucca;

namespace LuccaInbox.Web.Lucca;

/// <summary>Which Lucca the app talks to: the configured tenant, or the emulator it started itself.</summary>
public sealed record LuccaConnection(Uri BaseUrl, bool IsEmulated);

public static class EmbeddedLucca
{
    /// <summary>
    /// With no Lucca:BaseUrl, starts the emulator on a free loopback port (settings from "Emulator") and
    /// points Lucca:BaseUrl/ApiKey at it, so every call takes the same path as against a real tenant.
    /// </summary>
    public static async Task StartIfNoAccountAsync(WebApplicationBuilder builder)
    {
        var configuredUrl = builder.Configuration[$"{LuccaOptions.Section}:{nameof(LuccaOptions.BaseUrl)}"];
        if (!string.IsNullOrWhiteSpace(configuredUrl))
        {
            builder.Services.AddSingleton(new LuccaConnection(new Uri(configuredUrl), IsEmulated: false));
            return;
        }

        var settings = builder.Configuration.GetSection(EmulatorOptions.Section).AsEnumerable()
            .Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var emulator = await LuccaEmulator.StartAsync(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{LuccaOptions.Section}:{nameof(LuccaOptions.BaseUrl)}"] = emulator.BaseUrl.ToString(),
            [$"{LuccaOptions.Section}:{nameof(LuccaOptions.ApiKey)}"] = emulator.ApiKey,
        });
        // Registered through a factory so the container owns it and stops it with the app.
        builder.Services.AddSingleton(_ => emulator);
        builder.Services.AddSingleton(new LuccaConnection(emulator.BaseUrl, IsEmulated: true));
    }
}
