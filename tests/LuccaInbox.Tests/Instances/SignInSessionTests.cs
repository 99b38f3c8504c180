using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LuccaInbox.Tests.Instances;

/// <summary>Sign-in sessions live in the app's database: a restart or another instance honours them, and a sign-out
/// anywhere ends them everywhere within <see cref="SessionRegistry.RecheckAfter"/>.</summary>
public sealed class SignInSessionTests
{
    private static readonly string[] Booker = ["Inbox.Read", "Inbox.Book"];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_sign_in_on_one_instance_is_honoured_by_another_and_after_a_restart()
    {
        var database = AppDatabase.Postgres(await PostgresServer.CreateDatabaseAsync("sessions"));
        await using var a = await InstanceAsync(database);
        await using var b = await InstanceAsync(database);

        var id = Registry(a).Start(TimeSpan.FromHours(1), "oid-booker", Booker);
        await using var restarted = await InstanceAsync(database);

        Assert.True(await Registry(b).IsActiveAsync(id));
        Assert.True(await Registry(restarted).IsActiveAsync(id));
        Assert.Equal(Booker.ToHashSet(), Registry(b).LatestRoles("oid-booker"));
    }

    [Fact]
    public async Task Signing_out_on_one_instance_ends_the_session_on_the_other_within_the_recheck_period()
    {
        using var files = AuditDatabase.Create();
        var database = AppDatabase.Sqlite(files.ConnectionString);
        await using var a = await InstanceAsync(database);
        await using var b = await InstanceAsync(database);
        var id = Registry(a).Start(TimeSpan.FromHours(1), "oid-viewer", ["Inbox.Read"]);
        Assert.True(await Registry(b).IsActiveAsync(id));

        await Registry(a).EndAsync(id);

        Assert.False(await Registry(a).IsActiveAsync(id));
        _time.Advance(SessionRegistry.RecheckAfter);
        Assert.False(await Registry(b).IsActiveAsync(id));
        Assert.Equal(["Inbox.Read"], Registry(b).LatestRoles("oid-viewer")); // what a bulk job of theirs may still do
    }

    [Fact]
    public async Task An_expired_or_unknown_session_is_not_active_and_the_database_never_holds_a_session_id()
    {
        using var files = AuditDatabase.Create();
        var database = AppDatabase.Sqlite(files.ConnectionString);
        await using var a = await InstanceAsync(database);
        var id = Registry(a).Start(TimeSpan.FromMinutes(60), "oid-auditor", ["Audit.Read"]);

        await using (var db = await a.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var stored = await db.SignInSessions.SingleAsync();
            Assert.NotEqual(id, stored.IdHash);
            Assert.Equal(SignInSession.HashOf(id), stored.IdHash);
        }
        Assert.False(await Registry(a).IsActiveAsync("0123456789ABCDEF0123456789ABCDEF"));
        _time.Advance(TimeSpan.FromMinutes(61));
        Assert.False(await Registry(a).IsActiveAsync(id));
        Assert.Null(Registry(a).LatestRoles("oid-auditor"));
    }

    private static SessionRegistry Registry(IServiceProvider instance) => instance.GetRequiredService<SessionRegistry>();

    private async Task<ServiceProvider> InstanceAsync(AppDatabase database)
    {
        var services = new ServiceCollection();
        services.AddSingleton(database);
        services.AddDbContextFactory<AppDbContext, AppDbContextFactory>(database.Configure);
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<SessionRegistry>();
        var provider = services.BuildServiceProvider();
        await AppMigrations.ApplyAsync(provider);
        return provider;
    }
}
