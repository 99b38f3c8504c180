using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Layout;
using LuccaInbox.Web.Tests.Support;

namespace LuccaInbox.Web.Tests;

/// <summary>The menu offers only the pages the person may open (each page's policy, AppRoles).</summary>
public sealed class NavMenuTests : WebTestContext
{
    private string[] Links(params string[] roles)
    {
        SignInWith(roles);
        return Render<NavMenu>().FindAll("a").Select(a => a.GetAttribute("href")!).ToArray();
    }

    [Fact]
    public void A_viewer_sees_the_inbox_and_booked_invoices_but_not_the_audit_log() =>
        Assert.Equal(["/", "/booked"], Links(AppRoles.InboxRead));

    [Fact]
    public void An_auditor_sees_only_the_audit_log() =>
        Assert.Equal(["/audit"], Links(AppRoles.AuditRead));

    [Fact]
    public void Someone_with_every_role_sees_every_page() =>
        Assert.Equal(["/", "/booked", "/audit"], Links([.. AppRoles.All]));
}
