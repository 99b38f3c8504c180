using LuccaInbox.Emulator.Admin;
using LuccaInbox.Emulator.Documents;
using LuccaInbox.Emulator.Files;
using LuccaInbox.Emulator.Inbox;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Emulator.Profiles;
using LuccaInbox.Emulator.Suppliers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Emulator;

/// <summary>A Lucca Invoices emulator: run standalone (Program.cs), in-process by the web app, or by tests.</summary>
public static class LuccaEmulator
{
    /// <summary>Builds the emulator app. <paramref name="configure"/> may override settings (tests, the web app).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(LuccaEmulator).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);
        builder.Services.AddOptions<EmulatorOptions>().BindConfiguration(EmulatorOptions.Section);
        builder.Services.AddSingleton(sp => EmulatorProfile.Parse(sp.GetRequiredService<IOptions<EmulatorOptions>>().Value.Profile));
        builder.Services.TryAddSingleton(TimeProvider.System); // Lucca's own clock; configure may bring a fake one
        builder.Services.AddSingleton<EmulatorStore>();
        builder.Services.AddSingleton<RequestLog>();
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<EmulatorOptions>>().Value;
            return new FaultSettings
            {
                LatencyMs = o.LatencyMs, FailureRate = o.FailureRate, TimeoutRate = o.TimeoutRate, TimeoutSeconds = o.TimeoutSeconds,
                RequestsPerMinute = o.RequestsPerMinute, RateLimitWindowSeconds = o.RateLimitWindowSeconds, Random = new Random(o.Seed),
            };
        });

        var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<EmulatorOptions>>().Value;
        app.Services.GetRequiredService<EmulatorProfile>(); // an unknown profile name fails here, at start-up
        app.Services.GetRequiredService<EmulatorStore>().Reset(options.Seed, options.Documents);

        app.UseMiddleware<EmulatorMiddleware>();
        app.MapGet("/", () => Results.Text("Lucca Invoices emulator. API under /cleemy-procurement, controls under /emulator."));
        app.MapInboxApi();
        app.MapDocumentsApi();
        app.MapFilesApi();
        app.MapSuppliersApi();
        app.MapAdminApi();
        return app;
    }

    /// <summary>Starts an emulator on a free loopback port and returns where it listens.</summary>
    public static async Task<RunningEmulator> StartAsync(IDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var app = Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var apiKey = app.Services.GetRequiredService<IOptions<EmulatorOptions>>().Value.ApiKey;
        return new RunningEmulator(app, new Uri(address), apiKey);
    }
}

public sealed class RunningEmulator(WebApplication app, Uri baseUrl, string apiKey) : IAsyncDisposable
{
    public Uri BaseUrl { get; } = baseUrl;
    public string ApiKey { get; } = apiKey;
    public IServiceProvider Services => app.Services;
    public EmulatorStore Store => app.Services.GetRequiredService<EmulatorStore>();
    /// <summary>The answers to the open API questions this emulator plays (Emulator:Profile).</summary>
    public EmulatorProfile Profile => app.Services.GetRequiredService<EmulatorProfile>();
    public RequestLog Requests => app.Services.GetRequiredService<RequestLog>();
    public FaultSettings Faults => app.Services.GetRequiredService<FaultSettings>();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
