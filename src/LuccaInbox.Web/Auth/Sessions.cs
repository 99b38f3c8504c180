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
/// that lives until sign-out or the end of Auth:SessionMinutes. In memory: one app instance only (README, Security);
/// a restart signs everyone out.
/// </summary>
public sealed class SessionRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public string Start(TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        foreach (var (old, expires) in _expiries)
        {
            if (expires <= now) _expiries.TryRemove(old, out _);
        }
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _expiries[id] = now + lifetime;
        return id;
    }

    public bool IsActive(string? id) => id is not null && _expiries.TryGetValue(id, out var expires) && expires > time.GetUtcNow();

    public void End(string? id)
    {
        if (id is not null) _expiries.TryRemove(id, out _);
    }
}

/// <summary>Whether a signed-in principal still stands: its session is active and, for a demo user, it claims no role
/// the user no longer has (Auth:DemoRoles:{id}, read at every check). Entra ID's roles come in the token only, so they
/// are renewed at the next sign-in, at the latest after Auth:SessionMinutes.</summary>
public sealed class SessionCheck(SessionRegistry sessions, IConfiguration configuration)
{
    public TimeSpan Lifetime => TimeSpan.FromMinutes(configuration.GetValue("Auth:SessionMinutes", 60));

    public string Start() => sessions.Start(Lifetime);

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
