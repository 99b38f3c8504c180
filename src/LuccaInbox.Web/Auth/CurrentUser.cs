using Microsoft.AspNetCore.Components.Authorization;

namespace LuccaInbox.Web.Auth;

/// <summary>The circuit's authenticated user, read from the server-side authentication state.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    public async Task<AppUser> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return AppUser.From(state.User);
    }
}
