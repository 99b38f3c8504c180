using System.Security.Claims;

namespace LuccaInbox.Web.Auth;

/// <summary>App roles as Entra ID sends them in the token's "roles" claim (ARCHITECTURE.md "Roles").
/// Each role is also the name of the policy that requires it.</summary>
public static class AppRoles
{
    public const string InboxRead = "Inbox.Read";
    public const string InboxEdit = "Inbox.Edit";
    public const string InboxBook = "Inbox.Book";
    public const string AuditRead = "Audit.Read";
    public static readonly IReadOnlyList<string> All = [InboxRead, InboxEdit, InboxBook, AuditRead];
}

/// <summary>Claim types of an Entra ID token, which the development sign-in reproduces.</summary>
public static class AppClaims
{
    public const string ObjectId = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    public const string ShortObjectId = "oid";
    public const string Name = "name";
    public const string Email = "preferred_username";
    public const string Roles = "roles";
    public const string DevelopmentSignIn = "luccainbox/dev-signin";
    /// <summary>The server-side sign-in session (<see cref="SessionRegistry"/>).</summary>
    public const string SessionId = "luccainbox/session";
}

/// <summary>The signed-in person as the server knows them: the audit log records this, never a name the browser sent.</summary>
public sealed record AppUser(string ObjectId, string Name, string? Email, IReadOnlySet<string> Roles, bool IsDevelopmentSignIn)
{
    public static readonly AppUser Anonymous = new("", "Anonymous", null, new HashSet<string>(), false);

    public bool IsAuthenticated => ObjectId.Length > 0;

    public bool Can(string role) => IsAuthenticated && Roles.Contains(role);

    public static AppUser From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return Anonymous;
        var objectId = principal.FindFirstValue(AppClaims.ObjectId) ?? principal.FindFirstValue(AppClaims.ShortObjectId) ?? "";
        var name = principal.FindFirstValue(AppClaims.Name) ?? principal.Identity?.Name ?? objectId;
        var email = principal.FindFirstValue(AppClaims.Email) ?? principal.FindFirstValue(ClaimTypes.Email);
        var roles = principal.FindAll(AppClaims.Roles).Concat(principal.FindAll(ClaimTypes.Role)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new AppUser(objectId, name, email, roles, principal.HasClaim(c => c.Type == AppClaims.DevelopmentSignIn));
    }

    /// <summary>Throws unless the user holds the role: services call this, so a crafted UI event cannot bypass it.</summary>
    public void Demand(string role, string action)
    {
        if (!Can(role)) throw new ForbiddenActionException($"You are not allowed to {action}: it needs the {role} role.");
    }
}

public sealed class ForbiddenActionException(string message) : Exception(message);
