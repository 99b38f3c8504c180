using System.Net;
using LuccaInbox.Lucca;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Web.Tests;

/// <summary>Saving from the document page: what stays on screen and what the audit log records.</summary>
public sealed class DocumentPageSaveTests : DocumentPageContext
{
    [Fact]
    public async Task Failed_save_keeps_the_edits_on_screen_shows_why_and_records_a_failed_edit()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        Lucca.OnUpdate = (_, _) => throw new LuccaApiException("Lucca PUT answered 503 Service Unavailable",
            HttpStatusCode.ServiceUnavailable, "PUT", "/cleemy-procurement/services/inbox-documents/2");
        var cut = OpenDocument();

        await TypeAsync(cut, "field-accountingLabel", "Printer toner");
        await ClickAsync(cut, "doc-save");

        cut.WaitForAssertion(() => Assert.Contains("(503)", cut.Find("[data-testid=doc-message]").TextContent));
        Assert.Contains("Your edits are still on screen.", cut.Find("[data-testid=doc-message]").TextContent);
        Assert.Equal("Printer toner", Field(cut, "field-accountingLabel").GetAttribute("value"));
        Assert.False(IsDisabled(cut.Find("[data-testid=doc-save]")), "the edits can be saved again");
        Assert.Equal("Printer toner", Lucca.Updates.Single().Update["document"]!["accountingLabel"]!.GetValue<string>());

        var edits = await Services.GetRequiredService<AuditReader>().SearchAsync(new AuditFilter(Action: AuditActions.Edit));
        var edit = Assert.Single(edits);
        Assert.Equal(AuditOutcomes.Failed, edit.Outcome);
        Assert.Equal(503, edit.LuccaStatus);
        Assert.Equal(UserObjectId, edit.UserObjectId);
        Assert.Equal(InboxItems.DocumentIdOf(1), edit.DocumentId);
    }

    [Fact]
    public async Task Successful_save_shows_the_saved_value_and_records_a_succeeded_edit()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        var cut = OpenDocument();

        await TypeAsync(cut, "field-accountingLabel", "Printer toner");
        await ClickAsync(cut, "doc-save");

        cut.WaitForAssertion(() => Assert.True(IsDisabled(cut.Find("[data-testid=doc-save]")), "nothing left to save"));
        Assert.Equal("Printer toner", Field(cut, "field-accountingLabel").GetAttribute("value"));
        Assert.Equal("Printer toner", Lucca.Inbox.Single().Document!.AccountingLabel); // what Lucca holds now
        Assert.Empty(cut.FindAll("[data-testid=doc-message]"));
        Assert.False(IsDisabled(BookButton(cut)));

        var edit = Assert.Single(await Services.GetRequiredService<AuditReader>().SearchAsync(new AuditFilter(Action: AuditActions.Edit)));
        Assert.Equal(AuditOutcomes.Succeeded, edit.Outcome);
    }

    [Fact]
    public async Task Save_and_next_moves_on_after_a_save_that_worked_even_when_an_earlier_one_failed()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        Lucca.Inbox.Add(InboxItems.Invoice(2));
        var failNext = true;
        Lucca.OnUpdate = (inboxId, update) =>
        {
            if (failNext)
            {
                failNext = false;
                throw new LuccaApiException("Lucca PUT answered 503 Service Unavailable", HttpStatusCode.ServiceUnavailable, "PUT",
                    "/cleemy-procurement/services/inbox-documents/2");
            }
            var item = Lucca.Inbox.Single(i => i.Id == inboxId);
            return item with { Document = item.Document! with { AccountingLabel = update["document"]?["accountingLabel"]?.GetValue<string>() } };
        };
        var cut = OpenDocument(2); // the inbox lists the newest first: document 1 comes next
        await TypeAsync(cut, "field-accountingLabel", "Printer toner");
        await ClickAsync(cut, "doc-save");
        cut.WaitForAssertion(() => Assert.Contains("(503)", cut.Find("[data-testid=doc-message]").TextContent));

        await ClickAsync(cut, "doc-save-next");

        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        cut.WaitForAssertion(() => Assert.Equal(2, Lucca.Updates.Count));
        cut.WaitForAssertion(() => Assert.EndsWith("/documents/1", new Uri(navigation.Uri).AbsolutePath, StringComparison.Ordinal));
    }
}
