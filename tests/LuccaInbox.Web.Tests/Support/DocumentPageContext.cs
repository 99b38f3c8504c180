using AngleSharp.Dom;
using LuccaInbox.Web.Documents;
using Microsoft.AspNetCore.Components.Web;

namespace LuccaInbox.Web.Tests.Support;

/// <summary>Opens the document page on one inbox item and reads it the way a user does: fields by test id, their messages, the buttons.</summary>
public abstract class DocumentPageContext : WebTestContext
{
    protected IRenderedComponent<DocumentPage> OpenDocument(int inboxId = 1)
    {
        NavigateTo($"/documents/{inboxId}");
        var cut = RenderWithPopovers<DocumentPage>(p => p.Add(d => d.InboxId, inboxId));
        cut.WaitForElement("[data-testid=doc-form]");
        return cut;
    }

    protected static IElement Field(IRenderedComponent<DocumentPage> cut, string testId) => cut.Find($"[data-testid={testId}]");

    /// <summary>Types into a field as a user does (an input event, so the page validates as they type), and waits
    /// until the page has handled it: bUnit's synchronous Input() does not wait, which made assertions race the handler.</summary>
    protected static Task TypeAsync(IRenderedComponent<DocumentPage> cut, string testId, string text) => Field(cut, testId).InputAsync(text);

    protected static Task ClickAsync(IRenderedComponent<DocumentPage> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").ClickAsync(new MouseEventArgs());

    /// <summary>The helper or error text shown under a MudBlazor field.</summary>
    protected static string MessageUnder(IRenderedComponent<DocumentPage> cut, string testId) =>
        Field(cut, testId).Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";

    protected static IElement BookButton(IRenderedComponent<DocumentPage> cut) => cut.Find("[data-testid=doc-book]");

    protected static bool IsDisabled(IElement button) => button.HasAttribute("disabled");

    protected static string BookBlocker(IRenderedComponent<DocumentPage> cut) =>
        cut.FindAll("[data-testid=book-blocker]").SingleOrDefault()?.TextContent.Trim() ?? "";
}
