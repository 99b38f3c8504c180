using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Tests.Support;

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

        string? DueCellClass(int inboxId) =>
            cut.Find($"[data-testid=inbox-row][data-inbox-id='{inboxId}']").QuerySelectorAll("td")[6].GetAttribute("class");
        Assert.Equal("overdue", DueCellClass(1));
        Assert.Null(DueCellClass(2));
        Assert.Null(DueCellClass(3));
    }

    [Fact]
    public void Empty_inbox_says_there_is_nothing_to_review()
    {
        var cut = RenderWithPopovers<InboxPage>();

        cut.WaitForAssertion(() => Assert.Contains("nothing to review", cut.Find("[data-testid=inbox-empty]").TextContent));
        Assert.Equal("0", cut.Find("[data-testid=inbox-count]").GetAttribute("data-count"));
    }
}
