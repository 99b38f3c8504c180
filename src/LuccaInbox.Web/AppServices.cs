using LuccaInbox.Web.LuccaAccess;
using LuccaInbox.Lucca;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Booked;
using LuccaInbox.Web.Bulk;
using LuccaInbox.Web.Layout;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Previews;
using LuccaInbox.Web.Common;
using LuccaInbox.Web.Hosting;
using LuccaInbox.Web.Instances;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace LuccaInbox.Web;

public static class AppServices
{
    public static void AddLuccaInbox(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataFolder = builder.Configuration.DataFolder(builder.Environment);

        // The app's one clock: every "now" and "today" comes from it (tests swap in a FakeTimeProvider).
        services.TryAddSingleton(TimeProvider.System);

        // First hosted service: with no Lucca account configured, the embedded emulator starts before anything uses Lucca.
        EmbeddedLucca.AddTo(services);

        // UI
        services.AddRazorComponents().AddInteractiveServerComponents();
        // One passing message at a time, bottom left, where it covers neither a page's navigation nor its actions.
        services.AddMudServices(mud =>
        {
            mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft;
            mud.SnackbarConfiguration.PreventDuplicates = true;
            mud.SnackbarConfiguration.MaxDisplayedSnackbars = 1;
            mud.SnackbarConfiguration.NewestOnTop = true;
        });
        services.AddDocumentPage();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CallerCancellationCircuitHandler>();

        // Sign-in and roles; forwarded headers from known proxies, Secure cookies outside Development
        builder.AddAppAuthentication();
        builder.AddProxyAndCookieHardening();

        // Lucca: one typed client, one shared request budget per tenant
        services.AddLuccaClient();
        // Metrics and traces, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set
        builder.AddTelemetry();

        // The app's data (audit log, bulk jobs, saved views, data-protection keys; SQLite by default, PostgreSQL for several
        // instances) and the work on invoices. ConnectionStrings:App names it; ConnectionStrings:Audit, its documented first name, still works.
        var database = AppDatabase.From(builder.Configuration, dataFolder);
        // The chain key and checkpoint file live outside the database; without a key, Production refuses to start here.
        services.AddSingleton(AuditChainKey.FromConfiguration(builder.Configuration, builder.Environment));
        var checkpointFile = AuditCheckpoints.FileFrom(builder.Configuration, builder.Environment, dataFolder);
        services.AddInvoiceWork(Path.Combine(dataFolder, "previews"), checkpointFile, database);
        // Sign-in cookies and antiforgery tokens stay valid across a restart and on every instance: one key ring, in the database.
        services.AddDataProtection().SetApplicationName("LuccaInbox").PersistKeysToDbContext<AppDbContext>();

        // After a stop mid-call: a Pending booking is decided from Lucca (never re-sent); running bulk jobs resume.
        services.AddHostedService<PendingAttemptReconciler>();
        services.AddHostedService<BulkBookingResumer>();
        services.AddHostedService<InvoiceCheck.OriginalsWarmUp>();

        services.AddSingleton<LuccaHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<AuditDatabaseHealthCheck>("audit-database", tags: ["ready"])
            .AddCheck<AuditCheckpointHealthCheck>("audit-checkpoints", tags: ["ready"])
            .AddCheck<LuccaHealthCheck>("lucca", tags: ["ready"]);
    }

    /// <summary>
    /// The services that read, change and audit invoices, each a singleton shared by every circuit. The app, the tests
    /// and the benchmark all register them here; the Lucca client itself comes from AddLuccaClient (or a test double).
    /// </summary>
    public static IServiceCollection AddInvoiceWork(this IServiceCollection services, string previewFolder, string auditCheckpointFile,
        AppDatabase database)
    {
        services.AddSingleton(database);
        services.TryAddSingleton(Instances.AppInstance.New());
        if (database.IsPostgres) services.AddSharedLuccaBudget(database);
        services.AddSingleton<InboxService>();
        services.AddSingleton<BookedService>();
        services.AddSingleton<UserActionLimiter>();
        services.TryAddScoped<CallerCancellation>();
        services.TryAddScoped<ViewerClock>();
        services.AddSingleton(sp => new PreviewStorage(previewFolder,
            Math.Max(1, sp.GetRequiredService<IConfiguration>().GetValue("Previews:CacheMegabytes", PreviewStorage.DefaultCacheMegabytes)) * 1024L * 1024L));
        services.AddSingleton<PreviewService>();
        services.AddSingleton<PreviewPrefetch>();
        services.AddSingleton<Suppliers.SupplierDirectory>();
        services.AddSingleton<InvoiceCheck.InvoiceOriginals>();
        services.AddSingleton<InvoiceCheck.DocumentChecks>();
        services.AddDbContextFactory<AppDbContext, AppDbContextFactory>(database.Configure);
        services.TryAddSingleton(sp => AuditChainKey.FromConfiguration(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton(sp => new AuditCheckpoints(sp.GetRequiredService<AuditChainKey>(), auditCheckpointFile, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditReader>();
        services.AddSingleton<AuditChainVerifier>();
        services.AddSingleton<BookingRules>();
        services.AddSingleton<DocumentGates>();
        services.AddSingleton<DocumentSaving>();
        services.AddSingleton<DocumentBooking>();
        // One booking per document at a time: in this process on SQLite, across instances (advisory locks) on PostgreSQL.
        services.TryAddSingleton<BookingGuard>(BookingGuard.For);
        services.AddSingleton<DocumentVersions>();
        services.AddSingleton<BookingReconciler>();
        services.AddSingleton<SaveReadBack>();
        services.AddSingleton<Duplicates.DuplicateService>();
        services.AddSingleton<Presence.PresenceService>();
        services.AddSingleton<BulkBookingService>();
        services.AddSingleton<BulkJobLeases>();
        services.AddSingleton<BulkJobCreator>();
        // Whose roles a bulk job books with: the sign-in's (AddAppAuthentication registers the app's own first).
        services.TryAddSingleton(new SignInMode(IsDevelopment: false));
        services.TryAddSingleton<SessionRegistry>();
        services.TryAddSingleton<SessionCheck>();
        services.AddSingleton<SavedViews.SavedViewsService>();
        if (database.IsPostgres)
        {
            // Several instances: saves, bookings, syncs, audit entries and presence reach the others' open pages.
            services.AddSingleton<Instances.PostgresListener>();
            services.AddHostedService(sp => sp.GetRequiredService<Instances.PostgresListener>());
            services.AddSingleton<Instances.LiveEvents>();
            services.AddHostedService(sp => sp.GetRequiredService<Instances.LiveEvents>());
            services.AddSingleton<Instances.SharedPresence>();
            services.AddHostedService(sp => sp.GetRequiredService<Instances.SharedPresence>());
        }
        return services;
    }

    /// <summary>What the document page uses per circuit: the browser's drafts and the save and book flows (with their dialogs).</summary>
    public static IServiceCollection AddDocumentPage(this IServiceCollection services)
    {
        services.AddScoped<DraftStore>();
        services.AddScoped<SaveFlow>();
        services.AddScoped<BookFlow>();
        return services;
    }

    public static async Task UseLuccaInboxAsync(this WebApplication app)
    {
        await AppMigrations.ApplyAsync(app.Services);
        await app.Services.GetRequiredService<AuditLog>().AnchorAsync();

        app.UseForwardedHeaders(); // first: everything after sees the client's scheme and address
        app.WarnAboutOpenHosts();
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
        app.UseViewerTimeZone(); // the person's time zone, from the cookie wwwroot/app.js sets
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapPreviewEndpoints();
        app.MapAuditEndpoints();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        // Anonymous for probes; the details only with the Audit.Read role or Health:DetailsKey (HealthResponse).
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
