using LuccaInbox.Web.Lucca;
using LuccaInbox.Lucca;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Booked;
using LuccaInbox.Web.Bulk;
using LuccaInbox.Web.Components;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Previews;
using LuccaInbox.Web.Shared;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;

namespace LuccaInbox.Web;

public static class AppServices
{
    public static void AddLuccaInbox(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataFolder = builder.Configuration.DataFolder(builder.Environment);

        // First hosted service: with no Lucca account configured, the embedded emulator starts before anything uses Lucca.
        EmbeddedLucca.AddTo(services);

        // UI
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();

        // Sign-in and roles
        builder.AddAppAuthentication();

        // A booking left Pending by a stop mid-call is decided from Lucca at start-up, never re-sent.
        services.AddHostedService<PendingBookingReconciler>();
        services.AddSingleton<DocumentVersions>();
        services.AddSingleton<LuccaInbox.Web.Duplicates.DuplicateService>();
        services.AddSingleton<LuccaInbox.Web.Presence.PresenceService>();

        // Lucca: one typed client, one shared request budget per tenant
        services.AddLuccaClient();
        services.AddSingleton<InboxService>();
        services.AddSingleton<BookedService>();
        services.AddSingleton(new PreviewStorage(Path.Combine(dataFolder, "previews")));
        services.AddSingleton<PreviewService>();

        // Audit log (SQLite by default)
        var connectionString = builder.Configuration.GetConnectionString("Audit") is { Length: > 0 } configured
            ? configured
            : $"Data Source={Path.Combine(dataFolder, "audit.db")}";
        services.AddDbContextFactory<AuditDbContext>(options => options.UseSqlite(connectionString));
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditReader>();
        services.AddSingleton<AuditChainVerifier>();

        // Documents
        services.AddSingleton<BookingRules>();
        services.AddSingleton<DocumentActions>();

        // Bulk booking: jobs left running by a previous start are resumed once the app (and its emulator) is up
        services.AddSingleton<BulkBookingService>();
        services.AddHostedService<BulkBookingResumer>();

        services.AddSingleton<LuccaHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<AuditDatabaseHealthCheck>("audit-database", tags: ["ready"])
            .AddCheck<LuccaHealthCheck>("lucca", tags: ["ready"]);
    }

    public static async Task UseLuccaInboxAsync(this WebApplication app)
    {
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseSecurityHeaders(app.Configuration);
        app.UseRequestLocalization(options =>
        {
            // Dates and amounts follow the browser's language among these; English (UK) otherwise.
            string[] cultures = ["en-GB", "en-US", "fr-FR", "fr-BE", "fr-CH", "de-DE", "de-CH", "es-ES", "it-IT", "nl-NL"];
            options.SetDefaultCulture(cultures[0]).AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
        });
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapPreviewEndpoints();
        app.MapAuditEndpoints();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
