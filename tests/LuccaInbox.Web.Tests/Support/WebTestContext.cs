using LuccaInbox.Web;
using System.Security.Claims;
using Bunit.TestDoubles;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Booked;
using LuccaInbox.Web.Bulk;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Inbox;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using MudBlazor;
using MudBlazor.Services;

namespace LuccaInbox.Web.Tests.Support;

/// <summary>
/// The app's services around a component under test: MudBlazor without transitions, loose JS interop, a fake Lucca,
/// the real InboxService, saving, booking and audit log (on an in-memory SQLite database), and a signed-in user whose
/// claims are shaped like an Entra ID token. Settings and the user may be changed until the first render.
/// </summary>
public abstract class WebTestContext : BunitContext, IAsyncLifetime
{
    public const string UserObjectId = "3f1c2a9e-0000-4000-8000-000000000001";
    public const string UserName = "Test Booker";

    private readonly SqliteConnection _audit = new("DataSource=:memory:");
    private readonly string _auditCheckpoints = Path.Combine(Path.GetTempPath(), $"luccainbox-bunit-audit-checkpoints-{Guid.NewGuid():N}.log");
    private readonly BunitAuthorizationContext _authorization;
    private bool _disposedAsync;

    protected FakeLuccaApi Lucca { get; } = new();

    /// <summary>Configuration keys as in appsettings.json, e.g. Booking:FourEyes; read when first needed.</summary>
    protected Dictionary<string, string?> Settings { get; } = new();

    // Waits last as long as a render takes: generous, because these tests share two cores with other builds.
    static WebTestContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    /// <param name="time">The app's one clock; the system's unless a test fixes it (services cannot be added once the renderer exists).</param>
    protected WebTestContext(TimeProvider? time = null)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        Services.AddLogging();
        Services.AddSingleton(time ?? TimeProvider.System);
        Services.AddSingleton<IConfiguration>(_ => new ConfigurationBuilder().AddInMemoryCollection(Settings).Build());
        Services.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = Environments.Development, ApplicationName = "LuccaInbox.Web", ContentRootPath = AppContext.BaseDirectory, ContentRootFileProvider = new NullFileProvider() });

        // Lucca and the services built on it
        Services.AddSingleton<ILuccaInvoicesApi>(Lucca);
        Services.AddOptions<LuccaOptions>();
        Services.AddSingleton<LuccaRequestBudget>();
        Services.AddSingleton<InboxDocumentIds>();
        Services.AddSingleton<LuccaWrites>();
        Services.AddTransient<LuccaFiles>();

        // Audit log: the real migrations on a private in-memory database, kept alive by one open connection
        _audit.Open();
        using (var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(_audit).Options))
        {
            db.Database.Migrate();
        }
        Services.AddDocumentPage();
        Services.AddInvoiceWork(Path.Combine(Path.GetTempPath(), "luccainbox-bunit-previews"), _auditCheckpoints, AppDatabase.Sqlite(_audit));
        Services.AddSingleton<CurrentUser>();

        _authorization = AddAuthorization();
        SignInWith(AppRoles.InboxRead, AppRoles.InboxEdit, AppRoles.InboxBook);
        // The live circuit (last: it builds the service provider); a test of the prerendered page sets a non-interactive one.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The signed-in user as the app reads them (AppUser.From).</summary>
    protected static AppUser User(params string[] roles) =>
        new(UserObjectId, UserName, "booker@example.com", roles.ToHashSet(StringComparer.Ordinal), IsDevelopmentSignIn: false);

    /// <summary>Signs the test user in with exactly these app roles, as "roles" claims like Entra ID sends them.</summary>
    protected void SignInWith(params string[] roles)
    {
        _authorization.SetAuthorized(UserName);
        _authorization.SetPolicies(roles); // each role is also the name of the policy that requires it (AppRoles)
        _authorization.SetClaims(
        [
            new Claim(AppClaims.ObjectId, UserObjectId),
            new Claim(AppClaims.Name, UserName),
            new Claim(AppClaims.Email, "booker@example.com"),
            .. roles.Select(role => new Claim(AppClaims.Roles, role)),
        ]);
        // What the sign-in tells the server: the roles work done on this person's behalf (a bulk job) books with.
        // (The registry, not SessionCheck: that would read the configuration before a test has set its Settings.)
        Services.GetRequiredService<SessionRegistry>().Start(TimeSpan.FromHours(1), UserObjectId, roles);
    }

    /// <summary>Points the fake browser at a URL (path and query) before or after a render.</summary>
    protected void NavigateTo(string relativeUrl) => Services.GetRequiredService<NavigationManager>().NavigateTo(relativeUrl);

    /// <summary>Renders the popover provider MudBlazor's selects, tooltips and menus need, then the component.</summary>
    protected IRenderedComponent<TComponent> RenderWithPopovers<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        Render<MudPopoverProvider>();
        return Render<TComponent>(parameters);
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor registers services that can only be disposed asynchronously, so xunit must dispose the context
    // through IAsyncLifetime; its later synchronous Dispose() then has nothing left to do.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _audit.DisposeAsync();
        File.Delete(_auditCheckpoints);
        _disposedAsync = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposedAsync) return;
        base.Dispose(disposing);
        if (!disposing) return;
        _audit.Dispose();
        File.Delete(_auditCheckpoints);
    }

}
