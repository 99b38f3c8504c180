using LuccaInbox.Web.Data;
using LuccaInbox.Web.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Tests.Support;

/// <summary>Several app instances (a service provider each, its own AppInstance, booking guard and bulk service) on one
/// shared database (PostgreSQL) and one emulator, as several copies of the app behind a load balancer.</summary>
public sealed partial class WebServicesHost
{
    /// <summary>The first instance: starts the emulator (it owns it: dispose the other instances first) and migrates
    /// <paramref name="database"/>. <paramref name="services"/> may replace a service after the app's own (last wins).</summary>
    public static async Task<WebServicesHost> FirstInstanceAsync(AppDatabase database, IDictionary<string, string?>? settings = null,
        int documents = 40, Action<IServiceCollection>? services = null)
    {
        var folder = AuditDatabase.Create(); // this instance's previews and audit checkpoint file
        var lucca = await LuccaTestHost.StartAsync(documents, clientSettings: settings, services: s =>
        {
            AddWebServices(s, folder, database);
            services?.Invoke(s);
        });
        var host = new WebServicesHost(lucca, null, lucca.Services, folder);
        await AppMigrations.ApplyAsync(host.Services);
        return host;
    }

    /// <summary>Another instance on this one's database and emulator.</summary>
    public WebServicesHost AnotherInstance(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var folder = AuditDatabase.Create();
        var database = Get<AppDatabase>();
        var lucca = LuccaTestHost.On(Emulator.Emulator, settings, s =>
        {
            AddWebServices(s, folder, database);
            services?.Invoke(s);
        });
        return new WebServicesHost(lucca, null, lucca.Services, folder);
    }

    public string InstanceId => Get<AppInstance>().Id;

    /// <summary>The instance goes away (its services are disposed; the emulator, if it owns it, stays up until DisposeAsync).</summary>
    public ValueTask StopServicesAsync() => ((ServiceProvider)Services).DisposeAsync();
}
