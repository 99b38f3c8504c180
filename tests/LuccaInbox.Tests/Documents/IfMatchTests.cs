using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Documents;

namespace LuccaInbox.Tests.Documents;

/// <summary>If-Match goes only with the ETag of the resource written, and only where Lucca was seen to honour it.</summary>
public sealed class IfMatchTests
{
    private static Task<WebServicesHost> StartAsync(bool? honoured) => WebServicesHost.StartAsync(
        settings: new Dictionary<string, string?> { ["Lucca:IfMatchHonoured"] = honoured?.ToString() },
        emulatorSettings: new Dictionary<string, string?> { ["Emulator:Profile"] = "per-resource-etags" });

    [Fact]
    public async Task With_etags_per_resource_saves_succeed_because_the_documents_etag_is_never_sent_on_the_inbox_put()
    {
        await using var host = await StartAsync(honoured: null);
        var item = (await host.BookableItemsAsync())[0];

        var first = await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { Comment = "One" });
        var second = await host.Saving.SaveAsync(TestUsers.Editor, first.Saved!, first.Saved!.Document! with { Comment = "Two" });

        Assert.Equal((SaveStatus.Saved, SaveStatus.Saved), (first.Status, second.Status));
        Assert.All(host.Emulator.Requests.Where(r => r.Method == "PUT"), put => Assert.Null(put.IfMatch));
    }

    [Fact]
    public async Task Where_if_match_is_honoured_the_inbox_items_own_etag_from_the_last_put_goes_back()
    {
        await using var host = await StartAsync(honoured: true);
        var item = (await host.BookableItemsAsync())[0];

        var first = await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { Comment = "One" });
        var second = await host.Saving.SaveAsync(TestUsers.Editor, first.Saved!, first.Saved!.Document! with { Comment = "Two" });

        Assert.Equal((SaveStatus.Saved, SaveStatus.Saved), (first.Status, second.Status));
        var puts = host.Emulator.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Null(puts[0].IfMatch); // none known yet
        Assert.StartsWith("\"inbox-", puts[1].IfMatch); // the inbox item's, from the first PUT's answer
    }

    [Fact]
    public async Task A_412_is_a_conflict_to_show_not_a_dead_end()
    {
        await using var host = await StartAsync(honoured: true);
        var item = (await host.BookableItemsAsync())[0];
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "PUT", Status = 412 });

        var result = await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { Comment = "Mine" });

        Assert.Equal(SaveStatus.Conflict, result.Status);
        Assert.NotNull(result.ServerDocument);
        Assert.Equal((AuditOutcomes.Failed, 412), ((await host.AuditReader.HistoryAsync(item.Document.Id)).Single().Outcome, (await host.AuditReader.HistoryAsync(item.Document.Id)).Single().LuccaStatus));
    }
}
