using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.SavedViews;

namespace LuccaInbox.Tests.Views;

public sealed class SavedViewsTests
{
    private static readonly AppUser Camille = TestUsers.With("views-camille", "Camille Martin", AppRoles.InboxRead);
    private static readonly AppUser Hugo = TestUsers.With("views-hugo", "Hugo Petit", AppRoles.InboxRead);

    [Fact]
    public async Task A_saved_view_restores_exactly_its_filters_survives_a_restart_and_stays_its_owners()
    {
        await using var host = await WebServicesHost.StartAsync(documents: 120);
        await host.Inbox.GetAsync();
        var query = new InboxQuery
        {
            OcrStatuses = ["Failed", "Pending"], Type = "Invoice", Currency = "EUR", AmountMin = 100.5m, AmountMax = 20000,
            DueFrom = new DateOnly(2026, 1, 1), DueTo = new DateOnly(2026, 12, 31), Search = "café & co", Sort = "due", Descending = false,
            PageSize = 50, Page = 3, DueBucket = "overdue",
        };
        await host.Get<SavedViewsService>().SaveAsync(Camille, "  My OCR failures ", query);
        await host.Get<SavedViewsService>().SaveAsync(Camille, "Due this week", new InboxQuery { DueBucket = "week" });

        await using var restarted = await host.RestartAsync();
        var views = await restarted.Get<SavedViewsService>().ListAsync(Camille);

        Assert.Equal(["Due this week", "My OCR failures"], views.Select(v => v.Name));
        Assert.Equal(query with { Page = 1 }, InboxQuery.FromQueryString(views[1].Query) with { OcrStatuses = query.OcrStatuses });
        Assert.Equal(query.OcrStatuses, InboxQuery.FromQueryString(views[1].Query).OcrStatuses);
        Assert.Empty(await restarted.Get<SavedViewsService>().ListAsync(Hugo));
    }

    [Fact]
    public async Task Counts_come_from_the_shared_snapshot_and_saving_a_name_again_replaces_the_view()
    {
        await using var host = await WebServicesHost.StartAsync(documents: 120);
        var snapshot = await host.Inbox.GetAsync();
        var views = host.Get<SavedViewsService>();
        await views.SaveAsync(Camille, "Failed", new InboxQuery { OcrStatuses = ["Failed"] });
        await views.SaveAsync(Camille, "Failed", new InboxQuery { OcrStatuses = ["Failed", "Pending"] });
        var requests = host.Emulator.Requests.Count;

        var counted = Assert.Single(await views.WithCountsAsync(Camille, DateOnly.FromDateTime(DateTime.UtcNow)));

        Assert.Equal(snapshot.Rows.Count(r => r.OcrStatus is "Failed" or "Pending"), counted.Count);
        Assert.Equal(requests, host.Emulator.Requests.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("A name far too long for the menu of the application, really far too long")]
    [InlineData("line\nbreak")]
    public async Task A_view_needs_a_short_visible_name(string name)
    {
        await using var host = await WebServicesHost.StartAsync(documents: 5);

        await Assert.ThrowsAsync<ArgumentException>(() => host.Get<SavedViewsService>().SaveAsync(Camille, name, new InboxQuery()));
    }
}
