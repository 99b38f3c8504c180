using System.Globalization;
using AngleSharp.Dom;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LuccaInbox.Web.Tests;

public sealed class InboxPageTests : WebTestContext
{
    private IRenderedComponent<InboxPage> RenderInbox(int expectedRows)
    {
        var cut = RenderWithPopovers<InboxPage>();
        // The first sync runs in the background: wait until the grid shows what Lucca returned.
        cut.WaitForAssertion(() => Assert.Equal(expectedRows, cut.FindAll("[data-testid=inbox-row]").Count));
        return cut;
    }

    /// <summary>The page as another user sees it, rendered beside the first one.</summary>
    private IRenderedComponent<InboxPage> RenderInboxAs(int expectedRows, params string[] roles)
    {
        SignInWith(roles);
        var cut = Render<InboxPage>();
        cut.WaitForAssertion(() => Assert.Equal(expectedRows, cut.FindAll("[data-testid=inbox-row]").Count));
        return cut;
    }

    [Fact]
    public void Grid_shows_one_row_per_document_of_the_first_page_and_the_total_count()
    {
        Lucca.Inbox.AddRange(Enumerable.Range(1, 30).Select(id => InboxItems.Invoice(id)));

        var cut = RenderInbox(expectedRows: 25);

        // Newest first by default: the first page holds the 25 most recently received items, 30 down to 6.
        var rows = cut.FindAll("[data-testid=inbox-row]");
        var expected = Enumerable.Range(6, 25).Reverse().ToList();
        Assert.Equal(expected, rows.Select(r => int.Parse(r.GetAttribute("data-inbox-id")!)).ToList());
        Assert.Equal(expected.Select(InboxItems.DocumentIdOf), rows.Select(r => int.Parse(r.GetAttribute("data-document-id")!)).ToList());
        Assert.Equal("30", cut.Find("[data-testid=inbox-count]").GetAttribute("data-count"));
    }

    [Fact]
    public void Items_lucca_sent_in_shapes_the_app_does_not_expect_are_kept_counted_and_marked()
    {
        Lucca.Inbox.AddRange(Enumerable.Range(1, 4).Select(id => InboxItems.Invoice(id)));
        Lucca.Inbox[1] = Lucca.Inbox[1] with { Unreadable = ["document.owner", "document.attachments"] };
        Lucca.Inbox[2] = Lucca.Inbox[2] with { Id = 0, Unreadable = ["id"] };

        var cut = RenderInbox(expectedRows: 4);

        Assert.Equal("4", cut.Find("[data-testid=inbox-count]").GetAttribute("data-count"));
        Assert.Contains("2 with unreadable fields", cut.Find("[data-testid=inbox-unreadable-count]").TextContent);
        Assert.Equal(2, cut.FindAll("[data-testid=unreadable-chip]").Count);
        var noId = cut.FindAll("[data-testid=inbox-row]").Single(r => r.GetAttribute("data-inbox-id") == "0");
        Assert.Empty(noId.QuerySelectorAll("a.row-link")); // nothing to open: its id could not be read
        Assert.Empty(cut.FindAll("[data-testid=inbox-row][data-inbox-id='2'] [data-testid=bulk-select]"));
    }

    [Fact]
    public void Grid_reads_the_whole_inbox_over_several_lucca_pages()
    {
        // More than one Lucca page (1000 items): the snapshot must hold every item, counted once.
        Lucca.Inbox.AddRange(Enumerable.Range(1, 1030).Select(id => InboxItems.Invoice(id)));
        NavigateTo("/?size=100&page=11");

        var cut = RenderInbox(expectedRows: 30);

        Assert.Equal("1030", cut.Find("[data-testid=inbox-count]").GetAttribute("data-count"));
        Assert.Equal("30", cut.FindAll("[data-testid=inbox-row]")[0].GetAttribute("data-inbox-id"));
    }

    [Fact]
    public void Ocr_filter_in_the_query_string_shows_only_failed_documents()
    {
        Lucca.Inbox.AddRange(Enumerable.Range(1, 12).Select(id => InboxItems.Invoice(id, id % 4 == 0 ? OcrStatuses.Failed : OcrStatuses.Processed)));
        NavigateTo("/?ocr=Failed");

        var cut = RenderInbox(expectedRows: 3);

        var rows = cut.FindAll("[data-testid=inbox-row]");
        Assert.Equal([12, 8, 4], rows.Select(r => int.Parse(r.GetAttribute("data-inbox-id")!)));
        Assert.All(rows, r => Assert.Equal(OcrStatuses.Failed, r.QuerySelector("[data-testid=ocr-chip]")!.GetAttribute("data-ocr-status")));
        Assert.Equal("3", cut.Find("[data-testid=inbox-count]").GetAttribute("data-count"));
        Assert.Contains("of 12", cut.Find("[data-testid=inbox-count]").TextContent);
    }

    [Fact]
    public void Overdue_due_date_is_marked_and_a_future_one_is_not()
    {
        var today = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);
        Lucca.Inbox.Add(InboxItems.Invoice(1, dueDate: today.AddDays(-10)));
        Lucca.Inbox.Add(InboxItems.Invoice(2, dueDate: today.AddDays(10)));
        Lucca.Inbox.Add(InboxItems.Invoice(3, dueDate: today));

        var cut = RenderInbox(expectedRows: 3);

        // The signed-in user can book, so the selection column comes first.
        string? DueCellClass(int inboxId) =>
            cut.Find($"[data-testid=inbox-row][data-inbox-id='{inboxId}']").QuerySelectorAll("td")[7].GetAttribute("class");
        Assert.Equal("overdue", DueCellClass(1));
        Assert.Null(DueCellClass(2));
        Assert.Null(DueCellClass(3));
    }

    [Fact]
    public void A_booker_can_select_only_bookable_rows_and_the_bulk_button_counts_them_while_a_viewer_sees_no_checkboxes()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        Lucca.Inbox.Add(InboxItems.Invoice(2, OcrStatuses.Pending));
        Lucca.Inbox.Add(InboxItems.WithoutNumber(3));
        Lucca.Inbox.Add(InboxItems.Invoice(4));
        Lucca.Inbox.Add(InboxItems.Invoice(5, OcrStatuses.Processing));

        var cut = RenderInbox(expectedRows: 5);

        int[] RowsWithCheckbox() => cut.FindAll("[data-testid=inbox-row]")
            .Where(r => r.QuerySelector("[data-testid=bulk-select]") is not null)
            .Select(r => int.Parse(r.GetAttribute("data-inbox-id")!)).Order().ToArray();
        IElement BulkButton() => cut.Find("[data-testid=bulk-book]");
        Assert.Equal([1, 4], RowsWithCheckbox());
        Assert.Contains("Book selected (0)", BulkButton().TextContent);
        Assert.True(BulkButton().HasAttribute("disabled"));

        cut.Find("[data-testid=inbox-row][data-inbox-id='4'] [data-testid=bulk-select]").Change(true);
        cut.WaitForAssertion(() => Assert.Contains("Book selected (1)", BulkButton().TextContent));
        Assert.False(BulkButton().HasAttribute("disabled"));
        Assert.EndsWith("/", Services.GetRequiredService<NavigationManager>().Uri); // selecting did not open the document

        // The header checkbox selects the bookable rows of the page, and only those.
        cut.Find("[data-testid=bulk-select-page]").Change(true);
        cut.WaitForAssertion(() => Assert.Contains("Book selected (2)", BulkButton().TextContent));
        Assert.Equal("2", BulkButton().GetAttribute("data-count"));

        var viewer = RenderInboxAs(expectedRows: 5, AppRoles.InboxRead);
        Assert.Empty(viewer.FindAll("[data-testid=bulk-select]"));
        Assert.Empty(viewer.FindAll("[data-testid=bulk-select-page]"));
        Assert.Empty(viewer.FindAll("[data-testid=bulk-book]"));
    }

    [Fact]
    public async Task Book_selected_asks_with_the_count_and_the_total_then_shows_the_progress_of_the_job()
    {
        Lucca.Inbox.AddRange(Enumerable.Range(1, 3).Select(id => InboxItems.Invoice(id)));
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderInbox(expectedRows: 3);
        cut.Find("[data-testid=inbox-row][data-inbox-id='1'] [data-testid=bulk-select]").Change(true);
        cut.Find("[data-testid=inbox-row][data-inbox-id='3'] [data-testid=bulk-select]").Change(true);

        // The click's handler waits for the dialog's answer: await it only once the dialog is answered.
        var click = cut.Find("[data-testid=bulk-book]").ClickAsync(new MouseEventArgs());

        dialogs.WaitForElement("[data-testid=confirm-bulk-book]");
        Assert.Equal("2", dialogs.Find("[data-testid=bulk-book-count]").TextContent.Trim());
        Assert.Equal(Money.Display(240.00m, "EUR", CultureInfo.CurrentCulture), dialogs.Find("[data-testid=bulk-book-total]").TextContent.Trim());
        Assert.Empty(Lucca.Booked); // nothing before the confirmation

        await dialogs.Find("[data-testid=confirm-bulk-book]").ClickAsync(new MouseEventArgs());
        await click;

        cut.WaitForAssertion(() => Assert.Equal("Completed", cut.Find("[data-testid=bulk-progress]").GetAttribute("data-status")));
        Assert.Equal("2", cut.Find("[data-testid=bulk-booked]").GetAttribute("data-count"));
        Assert.Equal("0", cut.Find("[data-testid=bulk-remaining]").GetAttribute("data-count"));
        cut.WaitForAssertion(() => Assert.Equal(["Booked", "Booked"], cut.FindAll("[data-testid=bulk-item]").Select(i => i.GetAttribute("data-status"))));
        Assert.Equal([1, 3], Lucca.Booked.Order());
        cut.WaitForAssertion(() => Assert.Equal(["2"], cut.FindAll("[data-testid=inbox-row]").Select(r => r.GetAttribute("data-inbox-id"))));
    }

    [Fact]
    public async Task A_likely_duplicate_in_the_selection_is_named_and_left_out_of_the_count_and_total_before_starting()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        Lucca.Inbox.Add(InboxItems.Invoice(2));
        Lucca.Inbox.Add(InboxItems.Invoice(3, documentNumber: "INV-0001")); // same supplier and number as 1
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderInbox(expectedRows: 3);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=inbox-row][data-inbox-id='3'] [data-testid=duplicate-chip]")));
        cut.Find("[data-testid=inbox-row][data-inbox-id='2'] [data-testid=bulk-select]").Change(true);
        cut.Find("[data-testid=inbox-row][data-inbox-id='3'] [data-testid=bulk-select]").Change(true);

        var click = cut.Find("[data-testid=bulk-book]").ClickAsync(new MouseEventArgs());

        dialogs.WaitForElement("[data-testid=confirm-bulk-book]");
        Assert.Equal("1", dialogs.Find("[data-testid=bulk-book-count]").TextContent.Trim());
        Assert.Equal(Money.Display(120.00m, "EUR", CultureInfo.CurrentCulture), dialogs.Find("[data-testid=bulk-book-total]").TextContent.Trim());
        var left = dialogs.Find("[data-testid=bulk-book-duplicates]");
        Assert.Equal("1", left.GetAttribute("data-count"));
        Assert.Contains("INV-0001", left.TextContent);

        await dialogs.Find("[data-testid=confirm-bulk-book]").ClickAsync(new MouseEventArgs());
        await click;
        cut.WaitForAssertion(() => Assert.Equal("Completed", cut.Find("[data-testid=bulk-progress]").GetAttribute("data-status")));
        Assert.Equal([2], Lucca.Booked.Order());
        Assert.Equal(["Booked"], cut.FindAll("[data-testid=bulk-item]").Select(i => i.GetAttribute("data-status")));
    }

    [Fact]
    public void Before_the_page_is_live_its_rows_are_links_and_nothing_else_looks_clickable()
    {
        Lucca.Inbox.AddRange(Enumerable.Range(1, 3).Select(id => InboxItems.Invoice(id)));
        NavigateTo("/?ocr=Processed");
        SetRendererInfo(new RendererInfo("Static", isInteractive: false)); // prerendered: the circuit is not connected yet

        var cut = RenderInbox(expectedRows: 3);

        // A link works without the circuit: the document opens.
        var link = cut.Find("[data-testid=inbox-row][data-inbox-id='2'] a.row-link");
        Assert.Equal("/documents/2?ocr=Processed", link.GetAttribute("href"));
        // What needs the circuit is disabled until it is there.
        foreach (var testId in new[] { "bulk-book", "save-view", "inbox-refresh", "sort-amount", "due-overdue", "filter-clear" })
        {
            Assert.True(cut.Find($"[data-testid={testId}]").HasAttribute("disabled"), $"{testId} is not disabled");
        }
        var boxes = cut.FindAll("input[data-testid^=bulk-select], [data-testid^=bulk-select] input");
        Assert.Equal(4, boxes.Count); // one per row and the page's
        Assert.All(boxes, box => Assert.True(box.HasAttribute("disabled")));
    }

    [Fact]
    public void Empty_inbox_says_there_is_nothing_to_review()
    {
        var cut = RenderWithPopovers<InboxPage>();

        cut.WaitForAssertion(() => Assert.Contains("nothing to review", cut.Find("[data-testid=inbox-empty]").TextContent));
        Assert.Equal("0", cut.Find("[data-testid=inbox-count]").GetAttribute("data-count"));
    }
}
