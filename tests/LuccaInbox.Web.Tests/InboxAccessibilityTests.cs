using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Tests.Support;

namespace LuccaInbox.Web.Tests;

/// <summary>Issue 15, accessible (WCAG 2.1 AA): what axe cannot tell apart, per row of the grid. The browser test
/// (LuccaInbox.E2E AccessibilityTests) runs axe itself on every page.</summary>
public sealed class InboxAccessibilityTests : WebTestContext
{
    private IRenderedComponent<InboxPage> RenderInbox(int expectedRows)
    {
        var cut = RenderWithPopovers<InboxPage>();
        cut.WaitForAssertion(() => Assert.Equal(expectedRows, cut.FindAll("[data-testid=inbox-row]").Count));
        return cut;
    }

    private static InboxItem WithPage(InboxItem item)
    {
        var fileId = Guid.NewGuid().ToString("D");
        return item with
        {
            Document = item.Document! with
            {
                Attachments =
                [
                    new Attachment
                    {
                        Id = item.Id,
                        File = new LuccaFileInfo { Id = fileId, Name = "scan.pdf" },
                        Pages = new AttachmentPages { Count = 1, DisplayHrefTemplate = $"/cleemy-procurement/api/files/{fileId}/display/pages/{{pageNumber}}" },
                    },
                ],
            },
        };
    }

    [Fact]
    public void Each_rows_checkbox_and_thumbnail_are_named_after_its_document()
    {
        Lucca.Inbox.Add(WithPage(InboxItems.Invoice(1)));
        Lucca.Inbox.Add(WithPage(InboxItems.Invoice(2)));

        var cut = RenderInbox(expectedRows: 2);

        var row = cut.Find("[data-testid=inbox-row][data-inbox-id='1']");
        Assert.Equal("Select INV-0001 for booking", row.QuerySelector("[data-testid=bulk-select] input")?.GetAttribute("aria-label")
            ?? row.QuerySelector("[data-testid=bulk-select]")!.GetAttribute("aria-label"));
        Assert.Equal("First page of INV-0001", row.QuerySelector("img.thumb")!.GetAttribute("alt"));
        var names = cut.FindAll("img.thumb").Select(img => img.GetAttribute("alt")).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void An_overdue_due_date_says_so_in_words_and_with_an_icon_not_by_its_colour_alone()
    {
        var today = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);
        Lucca.Inbox.Add(InboxItems.Invoice(1, dueDate: today.AddDays(-10)));
        Lucca.Inbox.Add(InboxItems.Invoice(2, dueDate: today.AddDays(10)));

        var cut = RenderInbox(expectedRows: 2);

        var overdue = cut.Find("[data-testid=inbox-row][data-inbox-id='1'] td.overdue");
        Assert.NotNull(overdue.QuerySelector("[data-testid=overdue-mark] svg, [data-testid=overdue-mark] .mud-icon-root"));
        Assert.StartsWith("Overdue:", overdue.TextContent.Trim());
        Assert.Empty(cut.Find("[data-testid=inbox-row][data-inbox-id='2']").QuerySelectorAll("[data-testid=overdue-mark]"));
    }
}
