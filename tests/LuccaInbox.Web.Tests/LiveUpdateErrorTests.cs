using LuccaInbox.Web.Data;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Layout;
using LuccaInbox.Web.Tests.Support;
using LuccaInbox.Web.SavedViews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Web.Tests;

/// <summary>An update a component makes on an event from outside (a sync, a colleague's save) is not a task nobody
/// awaits: when it throws, the page says so.</summary>
public sealed class LiveUpdateErrorTests : WebTestContext
{
    [Fact]
    public async Task A_live_update_that_throws_shows_the_page_error_instead_of_being_lost()
    {
        var cut = Render<PageErrorBoundary>(p => p.AddChildContent<SavedViewsNav>());
        Assert.Empty(cut.FindAll("[data-testid=page-error]"));
        await using (var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE SavedViews"); // the saved views can no longer be read
        }

        Services.GetRequiredService<InboxService>().Remove(1); // the inbox changed: the menu counts its views again

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=page-error]")));
    }
}
