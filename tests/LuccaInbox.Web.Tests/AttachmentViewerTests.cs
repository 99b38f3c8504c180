using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace LuccaInbox.Web.Tests;

/// <summary>The scanned pages beside the form: which page is shown, how to move, zoom and turn it, and what is asked of Lucca.</summary>
public sealed class AttachmentViewerTests : WebTestContext
{
    private static Attachment Scan(string name, int pages)
    {
        var id = Guid.NewGuid().ToString("D"); // its own file: the preview cache on disk is shared by these tests
        return new Attachment
        {
            Id = pages,
            File = new LuccaFileInfo { Id = id, Name = name, Href = $"/cleemy-procurement/api/files/{id}" },
            Pages = new AttachmentPages { Count = pages, DisplayHrefTemplate = $"/cleemy-procurement/api/files/{id}/display/pages/{{pageNumber}}" },
        };
    }

    /// <summary>The viewer on a document in the inbox (the app serves page images of inbox documents only).</summary>
    private IRenderedComponent<AttachmentViewer> Show(params Attachment[] attachments)
    {
        var invoice = InboxItems.Invoice(1);
        Lucca.Inbox.Add(invoice with { Document = invoice.Document! with { Attachments = attachments } });
        return Render<AttachmentViewer>(p => p.Add(v => v.Attachments, attachments));
    }

    private static string Image(IRenderedComponent<AttachmentViewer> cut) => cut.Find("[data-testid=doc-preview-image]").GetAttribute("src")!;

    private static string Style(IRenderedComponent<AttachmentViewer> cut) => cut.Find(".page-frame").GetAttribute("style")!; // the frame carries zoom and rotation (its highlight follows them)

    private static bool IsDisabled(IRenderedComponent<AttachmentViewer> cut, string testId) => cut.Find($"[data-testid={testId}]").HasAttribute("disabled");

    private static Task ClickAsync(IRenderedComponent<AttachmentViewer> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").ClickAsync(new MouseEventArgs());

    /// <summary>The page images in the view: the page shown and the strip of thumbnails.</summary>
    private static List<string> RequestedImages(IRenderedComponent<AttachmentViewer> cut) =>
        cut.FindAll("img").Select(i => i.GetAttribute("src")!).Distinct().Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void A_document_without_attachments_says_so()
    {
        var cut = Show();

        Assert.Contains("This document has no attachment to show.", cut.Markup);
        Assert.Empty(cut.FindAll("img"));
    }

    [Fact]
    public async Task It_opens_on_page_one_and_pages_forward_and_back_through_the_apps_own_image_address()
    {
        var scan = Scan("invoice.pdf", 3);
        var cut = Show(scan);

        Assert.Equal("Page 1 / 3", cut.Find("[data-testid=viewer-page]").TextContent.Trim());
        Assert.Equal($"/previews/{scan.FileId}/pages/1", Image(cut));
        Assert.True(IsDisabled(cut, "viewer-prev"));

        await ClickAsync(cut, "viewer-next");
        await ClickAsync(cut, "viewer-next");

        Assert.Equal("Page 3 / 3", cut.Find("[data-testid=viewer-page]").TextContent.Trim());
        Assert.Equal($"/previews/{scan.FileId}/pages/3", Image(cut));
        Assert.True(IsDisabled(cut, "viewer-next"));

        await ClickAsync(cut, "viewer-prev");

        Assert.Equal($"/previews/{scan.FileId}/pages/2", Image(cut));
        Assert.False(IsDisabled(cut, "viewer-prev"));
    }

    [Fact]
    public async Task A_long_document_shows_only_the_current_page_and_its_neighbours_and_any_page_can_be_chosen()
    {
        var scan = Scan("statement.pdf", 40);
        var cut = Show(scan);

        Assert.Equal([$"/previews/{scan.FileId}/pages/1", $"/previews/{scan.FileId}/pages/2"], RequestedImages(cut));

        await cut.Find("[data-testid=viewer-page-select]").ChangeAsync(new ChangeEventArgs { Value = "20" });

        Assert.Equal($"/previews/{scan.FileId}/pages/20", Image(cut));
        Assert.Equal(new[] { 19, 20, 21 }.Select(p => $"/previews/{scan.FileId}/pages/{p}").Order(StringComparer.Ordinal), RequestedImages(cut));
    }

    [Fact]
    public async Task Zoom_and_rotation_change_the_page_shown_and_fit_goes_back_to_the_width()
    {
        var cut = Show(Scan("invoice.pdf", 1));
        Assert.Equal("Fit", cut.Find("[data-testid=viewer-fit]").TextContent.Trim());

        await ClickAsync(cut, "viewer-zoom-in");
        await ClickAsync(cut, "viewer-rotate");

        Assert.Contains("width:125%", Style(cut));
        Assert.Contains("rotate(90deg)", Style(cut));
        Assert.NotEqual("Fit", cut.Find("[data-testid=viewer-fit]").TextContent.Trim());

        await ClickAsync(cut, "viewer-fit");

        Assert.Contains("width:100%", Style(cut));
        Assert.Equal("Fit", cut.Find("[data-testid=viewer-fit]").TextContent.Trim());
    }

    [Fact]
    public void A_page_lucca_gives_as_a_pdf_is_offered_as_a_link_instead_of_an_image()
    {
        var scan = Scan("contract.pdf", 1);
        Lucca.FilePages[(scan.FileId!, 1)] = "%PDF-1.7\n%fake page\n"u8.ToArray();

        var cut = Show(scan);

        cut.WaitForElement("[data-testid=doc-preview-pdf]");
        Assert.Contains("Lucca gives this page as a PDF", cut.Find("[data-testid=doc-preview-pdf]").TextContent);
        Assert.Equal($"/previews/{scan.FileId}/pages/1", cut.Find("[data-testid=doc-preview-pdf] a").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=doc-preview-image]"));
    }

    [Fact]
    public async Task With_several_attachments_choosing_another_opens_it_on_its_first_page()
    {
        var (first, second) = (Scan("invoice.pdf", 3), Scan("delivery-note.pdf", 2));
        var cut = Show(first, second);
        await ClickAsync(cut, "viewer-next");

        await cut.Find("[data-testid=viewer-attachment]").ChangeAsync(new ChangeEventArgs { Value = "1" });

        Assert.Equal($"/previews/{second.FileId}/pages/1", Image(cut));
        Assert.Equal("Page 1 / 2", cut.Find("[data-testid=viewer-page]").TextContent.Trim());
        Assert.Equal(["1. invoice.pdf", "2. delivery-note.pdf"], cut.FindAll("[data-testid=viewer-attachment] option").Select(o => o.TextContent.Trim()));
    }

    [Fact]
    public void The_original_is_downloaded_through_the_app_never_straight_from_lucca()
    {
        var scan = Scan("invoice.pdf", 1);

        var cut = Show(scan);

        Assert.Equal($"/previews/{scan.FileId}/original", cut.Find("[data-testid=viewer-download]").GetAttribute("href"));
    }
}
