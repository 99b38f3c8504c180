using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace LuccaInbox.Web.Auth;

/// <summary>
/// Sign-in sessions on the server, so that signing out ends every tab and circuit of that sign-in, not just the
/// cookie of the tab that signed out. Each sign-in gets a random session id (claim <see cref="AppClaims.SessionId"/>)
/// that lives until sign-out or the end of Auth:SessionMinutes. Each person's latest sign-in is remembered with the
/// roles it carried until its lifetime ends (sign-out included): the roles work done on their behalf may act with
/// (<see cref="SessionCheck.RolesNow"/>). In memory: one app instance only (README, Security); a restart signs everyone out.
/// </summary>
public sealed class SessionRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SignIn> _latestByPerson = new(StringComparer.Ordinal);

    /// <summary>Raised after each sign-in, with the person's object id.</summary>
    public event Action<string>? SignedIn;

    public string Start(TimeSpan lifetime, string objectId, IEnumerable<string> roles)
    {
        var now = time.GetUtcNow();
        foreach (var (old, expires) in _expiries)
        {
            if (expires <= now) _expiries.TryRemove(old, out _);
        }
        foreach (var (person, signIn) in _latestByPerson)
        {
            if (signIn.Expires <= now) _latestByPerson.TryRemove(KeyValuePair.Create(person, signIn));
        }
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _expiries[id] = now + lifetime;
        _latestByPerson[objectId] = new SignIn(roles.ToHashSet(StringComparer.Ordinal), now + lifetime);
        SignedIn?.Invoke(objectId);
        return id;
    }

    public bool IsActive(string? id) => id is not null && _expiries.TryGetValue(id, out var expires) && expires > time.GetUtcNow();

    public void End(string? id)
    {
        if (id is not null) _expiries.TryRemove(id, out _);
    }

    /// <summary>The roles of the person's latest sign-in while its lifetime lasts; null when there is none (never, expired,
    /// or not since the app started).</summary>
    public IReadOnlySet<string>? LatestRoles(string objectId) =>
        _latestByPerson.TryGetValue(objectId, out var signIn) && signIn.Expires > time.GetUtcNow() ? signIn.Roles : null;

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

    public void End(ClaimsPrincipal user) => sessions.End(user.FindFirstValue(AppClaims.SessionId));

    public bool IsActive(ClaimsPrincipal user) => sessions.IsActive(user.FindFirstValue(AppClaims.SessionId));

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
        if (context.Principal is not { } user || !check.IsActive(user))
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

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(check.IsActive(authenticationState.User) && check.WithCurrentRoles(authenticationState.User) is null);
}
