using LuccaInbox.Emulator;
using LuccaInbox.Lucca;
using LuccaInbox.Web.Components;
using MudBlazor.Services;

namespace LuccaInbox.Web;

public static class AppServices
{
    public static void AddLuccaInbox(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // UI
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();

        // Lucca: one typed client, one shared request budget per tenant
        services.AddLuccaClient();
    }

    public static async Task UseLuccaInboxAsync(this WebApplication app)
    {
        // Resolve the embedded emulator (if any) so the container owns it and stops it on shutdown.
        _ = app.Services.GetService<RunningEmulator>();

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        await Task.CompletedTask;
    }
}
