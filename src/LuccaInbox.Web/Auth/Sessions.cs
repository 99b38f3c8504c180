using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using LuccaInbox.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Auth;

/// <summary>
/// Sign-in sessions on the server, so that signing out ends every tab and circuit of that sign-in, not just the
/// cookie of the tab that signed out. Each sign-in gets a random session id (claim <see cref="AppClaims.SessionId"/>)
/// that lives until sign-out or the end of Auth:SessionMinutes. Each person's latest sign-in is remembered with the
/// roles it carried until its lifetime ends (sign-out included): the roles work done on their behalf may act with
/// (<see cref="SessionCheck.RolesNow"/>). Kept in the app's database (<see cref="SignInSession"/>), so a restart or
/// another instance honours them; what this instance knows is checked against the database at most every
/// <see cref="RecheckAfter"/>, which bounds how long a sign-out on another instance takes to reach its tabs here.
/// </summary>
public sealed class SessionRegistry(TimeProvider time, IDbContextFactory<AppDbContext> databases)
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Known> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SignIn> _latestByPerson = new(StringComparer.Ordinal);

    /// <summary>Raised after each sign-in on this instance, with the person's object id.</summary>
    public event Action<string>? SignedIn;

    /// <summary>Written at once (a sign-in is rare, and the next request may reach another instance).</summary>
    public string Start(TimeSpan lifetime, string objectId, IEnumerable<string> roles)
    {
        var now = time.GetUtcNow();
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var roleSet = roles.ToHashSet(StringComparer.Ordinal);
        using (var db = databases.CreateDbContext())
        {
            db.SignInSessions.Where(s => s.ExpiresAtUtc <= now.UtcDateTime).ExecuteDelete();
            db.SignInSessions.Add(new SignInSession
            {
                IdHash = SignInSession.HashOf(id), ObjectId = objectId, Roles = string.Join(',', roleSet),
                StartedAtUtc = now.UtcDateTime, ExpiresAtUtc = (now + lifetime).UtcDateTime,
            });
            db.SaveChanges();
        }
        _known[id] = new Known(now + lifetime, now);
        _latestByPerson[objectId] = new SignIn(roleSet, now + lifetime);
        SignedIn?.Invoke(objectId);
        return id;
    }

    public async Task<bool> IsActiveAsync(string? id, CancellationToken cancellationToken = default)
    {
        if (id is null) return false;
        var now = time.GetUtcNow();
        if (_known.TryGetValue(id, out var known) && now - known.CheckedAt < RecheckAfter) return known.Expires > now;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var hash = SignInSession.HashOf(id);
        var stored = await db.SignInSessions.AsNoTracking().FirstOrDefaultAsync(s => s.IdHash == hash, cancellationToken);
        if (stored is null || stored.EndedAtUtc is not null || stored.ExpiresAtUtc <= now.UtcDateTime)
        {
            _known.TryRemove(id, out _);
            return false;
        }
        _known[id] = new Known(new DateTimeOffset(stored.ExpiresAtUtc, TimeSpan.Zero), now);
        return true;
    }

    public async Task EndAsync(string? id, CancellationToken cancellationToken = default)
    {
        if (id is null) return;
        _known.TryRemove(id, out _);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var hash = SignInSession.HashOf(id);
        var now = time.GetUtcNow().UtcDateTime;
        await db.SignInSessions.Where(s => s.IdHash == hash).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAtUtc, now), cancellationToken);
    }

    /// <summary>The roles of the person's latest sign-in while its lifetime lasts, signed out or not; null when there is
    /// none (never, or expired).</summary>
    public IReadOnlySet<string>? LatestRoles(string objectId)
    {
        var now = time.GetUtcNow();
        if (_latestByPerson.TryGetValue(objectId, out var signIn) && signIn.Expires > now) return signIn.Roles;
        using var db = databases.CreateDbContext();
        var latest = db.SignInSessions.AsNoTracking().Where(s => s.ObjectId == objectId && s.ExpiresAtUtc > now.UtcDateTime)
            .OrderByDescending(s => s.StartedAtUtc).FirstOrDefault();
        return latest?.RoleSet;
    }

    private sealed record Known(DateTimeOffset Expires, DateTimeOffset CheckedAt);

    private sealed record SignIn(IReadOnlySet<string> Roles, DateTimeOffset Expires);
}

/// <summary>Whether a signed-in principal still stands: its session is active and, for a demo user, it claims no role
/// the user no longer has (Auth:DemoRoles:{id}, read at every check). Entra ID's roles come in the token only, so they
/// are renewed at the next sign-in, at the latest after Auth:SessionMinutes.</summary>
public sealed class SessionCheck(SessionRegistry sessions, IConfiguration configuration, SignInMode mode)
{
    public TimeSpan Lifetime => TimeSpan.FromMinutes(configuration.GetValue("Auth:SessionMinutes", 60));

    /// <summary>Raised after each sign-in, with the person's object id.</summary>
    public event Action<string>? SignedIn
    {
        add => sessions.SignedIn += value;
        remove => sessions.SignedIn -= value;
    }

    /// <summary>A new sign-in of <paramref name="objectId"/> with the roles it carries; its session id.</summary>
    public string Start(string objectId, IEnumerable<string> roles) => sessions.Start(Lifetime, objectId, roles);

    /// <summary>
    /// The roles <paramref name="objectId"/> holds now, for work done on their behalf while they may be away (a bulk job),
    /// from the source their sign-in is checked against: a demo user's configured roles (development sign-in), else the
    /// roles of their latest sign-in while it lasts (Entra ID's roles come in the token only). Null when that cannot be
    /// known: no sign-in within Auth:SessionMinutes, e.g. since the app restarted.
    /// </summary>
    public IReadOnlySet<string>? RolesNow(string objectId) =>
        mode.IsDevelopment && DemoUsers.All.FirstOrDefault(u => u.ObjectId == objectId) is { } demo
            ? DemoRoles(demo).ToHashSet(StringComparer.Ordinal)
            : sessions.LatestRoles(objectId);

    public Task EndAsync(ClaimsPrincipal user) => sessions.EndAsync(user.FindFirstValue(AppClaims.SessionId));

    public Task<bool> IsActiveAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        sessions.IsActiveAsync(user.FindFirstValue(AppClaims.SessionId), cancellationToken);

    /// <summary>A demo user's roles now: the configured list (comma-separated, may be empty), else the built-in one.</summary>
    public IReadOnlyList<string> DemoRoles(DemoUsers.DemoUser user) =>
        configuration[$"Auth:DemoRoles:{user.Id}"] is { } configured
            ? configured.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : user.Roles;

    /// <summary>The principal with the roles its demo user holds now; null when nothing changed (or not a demo user).</summary>
    public ClaimsPrincipal? WithCurrentRoles(ClaimsPrincipal user)
    {
        if (!user.HasClaim(c => c.Type == AppClaims.DevelopmentSignIn) || user.Identity is not ClaimsIdentity identity) return null;
        var demo = DemoUsers.All.FirstOrDefault(u => u.ObjectId == user.FindFirstValue(AppClaims.ObjectId));
        var current = demo is null ? [] : DemoRoles(demo);
        var claimed = user.FindAll(AppClaims.Roles).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (claimed.SetEquals(current)) return null;
        var updated = new ClaimsIdentity(identity.Claims.Where(c => c.Type != AppClaims.Roles), identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
        updated.AddClaims(current.Select(role => new Claim(AppClaims.Roles, role)));
        return new ClaimsPrincipal(updated);
    }

    /// <summary>The cookie's check at every request: a signed-out session's cookie (another tab's) no longer works.</summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var check = context.HttpContext.RequestServices.GetRequiredService<SessionCheck>();
        if (context.Principal is not { } user || !await check.IsActiveAsync(user, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
            return;
        }
        if (check.WithCurrentRoles(user) is { } updated) context.ReplacePrincipal(updated);
    }
}

/// <summary>An open circuit checks its sign-in every Auth:RevalidateSeconds (default 60): signed out elsewhere, expired,
/// or a demo user's role removed ends its authentication, and the page sends the person to sign in again.</summary>
public sealed class RevalidatingSessionStateProvider(ILoggerFactory loggers, SessionCheck check, IConfiguration configuration)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval { get; } = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Auth:RevalidateSeconds", 60)));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        await check.IsActiveAsync(authenticationState.User, cancellationToken) && check.WithCurrentRoles(authenticationState.User) is null;
}
