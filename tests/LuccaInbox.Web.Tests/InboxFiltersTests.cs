using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace LuccaInbox.Web.Tests;

/// <summary>The filters above the grid: what they offer from the inbox as it is, and the query each change asks for.</summary>
public sealed class InboxFiltersTests : WebTestContext
{
    private readonly List<InboxQuery> _asked = [];

    private static readonly InboxSnapshot Inbox = new(
    [
        InboxItems.Invoice(1),
        InboxItems.Invoice(2),
        InboxItems.Invoice(3, OcrStatuses.Pending),
        InboxItems.Invoice(4) with
        {
            Document = InboxItems.Invoice(4).Document! with
            {
                Owner = new UserReference { Id = 9, Name = "Bruno Caron" },
                AmountIncludingTaxes = new TaxedAmount { IncludingTaxes = new Amount { Value = 80m, Currency = "CHF" } },
            },
        },
    ], DateTimeOffset.UnixEpoch);

    private IRenderedComponent<InboxFilters> Show(InboxQuery? query = null) =>
        Render<InboxFilters>(p => p
            .Add(f => f.Query, query ?? new InboxQuery())
            .Add(f => f.Snapshot, Inbox)
            .Add(f => f.QueryChanged, EventCallback.Factory.Create<InboxQuery>(this, q => _asked.Add(q))));

    private IRenderedComponent<MudPopoverProvider> Popovers() => Render<MudPopoverProvider>();

    private InboxQuery Asked => Assert.Single(_asked);

    [Fact]
    public void Each_ocr_status_shows_how_many_documents_have_it()
    {
        var cut = Show();

        Assert.Equal("Processed (3)", cut.Find("[data-testid=filter-ocr-Processed]").TextContent.Trim());
        Assert.Equal("Pending (1)", cut.Find("[data-testid=filter-ocr-Pending]").TextContent.Trim());
        Assert.All(cut.FindAll("[data-testid^=filter-ocr-]"), chip => Assert.Equal("false", chip.GetAttribute("aria-pressed")));
        Assert.Empty(cut.FindAll("[data-testid=filter-clear]")); // nothing to clear
    }

    [Fact]
    public async Task Clicking_an_ocr_status_adds_it_to_the_filter_and_goes_back_to_the_first_page()
    {
        var cut = Show(new InboxQuery { Page = 3, OcrStatuses = [OcrStatuses.Failed] });
        Assert.Equal("true", cut.Find("[data-testid=filter-ocr-Failed]").GetAttribute("aria-pressed"));

        await cut.Find("[data-testid=filter-ocr-Processed]").ClickAsync(new MouseEventArgs());

        Assert.Equal([OcrStatuses.Failed, OcrStatuses.Processed], Asked.OcrStatuses);
        Assert.Equal(1, Asked.Page);
    }

    [Fact]
    public async Task Clicking_a_selected_ocr_status_removes_it()
    {
        var cut = Show(new InboxQuery { OcrStatuses = [OcrStatuses.Failed, OcrStatuses.Pending] });

        await cut.Find("[data-testid=filter-ocr-Failed]").ClickAsync(new MouseEventArgs());

        Assert.Equal([OcrStatuses.Pending], Asked.OcrStatuses);
    }

    [Fact]
    public async Task Search_asks_for_the_trimmed_text_once_typing_pauses()
    {
        var cut = Show();

        await cut.Find("[data-testid=filter-search]").InputAsync(new ChangeEventArgs { Value = "  toner " });

        cut.WaitForAssertion(() => Assert.Equal("toner", Asked.Search)); // debounced: after a pause, not per key
    }

    [Fact]
    public async Task A_date_filter_asks_for_that_day()
    {
        var cut = Show();

        await cut.Find("[data-testid=filter-due-to]").ChangeAsync(new ChangeEventArgs { Value = "2026-12-31" });

        Assert.Equal(new DateOnly(2026, 12, 31), Asked.DueTo);
    }

    [Fact]
    public async Task The_owner_list_holds_the_owners_in_the_inbox_and_picking_one_filters_on_them()
    {
        var popovers = Popovers();
        var cut = Show();

        await cut.Find("[data-testid=filter-owner]").Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs()); // opens the list
        popovers.WaitForAssertion(() => Assert.Equal(["Alice Martin", "Bruno Caron"], popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())));
        await popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == "Bruno Caron").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Equal(9, Asked.OwnerId));
    }

    [Fact]
    public async Task Clear_filters_drops_every_filter_but_keeps_the_sort()
    {
        var cut = Show(new InboxQuery { Search = "toner", Currency = "EUR", OcrStatuses = [OcrStatuses.Failed], Sort = "amount", Descending = false, PageSize = 50 });

        await cut.Find("[data-testid=filter-clear]").ClickAsync(new MouseEventArgs());

        Assert.False(Asked.HasFilters);
        Assert.Equal(("amount", false, 50, 1), (Asked.Sort, Asked.Descending, Asked.PageSize, Asked.Page));
    }
}
