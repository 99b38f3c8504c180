using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Emulator.Profiles;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Bulk;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Previews;

namespace LuccaInbox.Tests.Profiles;

/// <summary>
/// The core flows against every answer the emulator can give to the API's open questions (Emulator:Profile), so the
/// app works under each reading the docs allow and not only the one our emulator happened to pick.
/// </summary>
public sealed class CoreFlowsUnderEveryProfileTests
{
    public static TheoryData<string> Profiles => new(EmulatorProfiles.Names);

    private static Task<WebServicesHost> StartAsync(string profile) => WebServicesHost.StartAsync(
        settings: new Dictionary<string, string?>
        {
            ["Lucca:RequestsPerMinute"] = "60", ["Lucca:RateLimitWindow"] = "00:00:01",
            ["Booking:SettleAfterSeconds"] = "0", // the refused booking is settled at once (the grace has its own test)
        },
        emulatorSettings: new Dictionary<string, string?>
        {
            ["Emulator:Profile"] = profile,
            // A strict tenant budget, so the profiles that share it with another integration are felt.
            ["Emulator:RequestsPerMinute"] = "60",
            ["Emulator:RateLimitWindowSeconds"] = "1",
        });

    private static async Task<List<InboxItem>> TidyBookableAsync(WebServicesHost host) =>
        (await host.BookableItemsAsync()).Where(i => i.Unreadable.Count == 0).ToList();

    [Theory, MemberData(nameof(Profiles))]
    public async Task Sync_keeps_every_item_and_the_grid_count_equals_luccas(string profile)
    {
        await using var host = await StartAsync(profile);

        var snapshot = await host.Inbox.GetAsync(forceRefresh: true);

        Assert.Null(host.Inbox.LastSyncError);
        Assert.Equal(host.Emulator.Emulator.Store.InboxCount, snapshot.Rows.Count);
        if (host.Emulator.Emulator.Profile.UntidyItems > 0) Assert.True(snapshot.UnreadableCount > 0, "untidy items are marked");
    }

    [Theory, MemberData(nameof(Profiles))]
    public async Task Opening_a_document_reads_its_version_and_its_first_page(string profile)
    {
        await using var host = await StartAsync(profile);
        var item = (await TidyBookableAsync(host)).First(i => i.Document!.Attachments is { Count: > 0 } a && a[0].PageCount > 0);

        var server = await host.Get<DocumentVersions>().CompareAsync(item);
        var page = await host.Get<PreviewService>().GetPageAsync(item.Document!.Attachments![0].File!.Id!, 1, CancellationToken.None);

        Assert.Empty(server.ChangesSinceSeen);
        Assert.NotNull(page);
        Assert.False(page.IsPlaceholder);
        Assert.True(page.Content.Length > 1000);
    }

    [Theory, MemberData(nameof(Profiles))]
    public async Task A_save_changes_exactly_the_edited_field_in_lucca(string profile)
    {
        await using var host = await StartAsync(profile);
        var item = (await TidyBookableAsync(host))[0];

        var result = await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { AccountingLabel = "6064 Office supplies" });

        Assert.Equal(SaveStatus.Saved, result.Status);
        var now = (await host.Emulator.Api.GetDocumentAsync(item.Document!.Id)).Content!;
        var changed = DocumentDiff.Between(item, item with { Document = now });
        Assert.Equal(["accountingLabel"], changed.Select(c => c.Path));
        Assert.Equal(AuditOutcomes.Succeeded, (await host.AuditReader.HistoryAsync(item.Document.Id)).Single().Outcome);
    }

    [Theory, MemberData(nameof(Profiles))]
    public async Task A_save_over_a_colleagues_change_shows_the_conflict_then_keeps_both_changes(string profile)
    {
        await using var host = await StartAsync(profile);
        var item = (await TidyBookableAsync(host))[0];
        Assert.Equal(SaveStatus.Saved, (await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { Comment = "Colleague's note" })).Status);

        var stale = await host.Saving.SaveAsync(TestUsers.EditOnly, item, item.Document! with { AccountingLabel = "Mine" });
        Assert.Equal(SaveStatus.Conflict, stale.Status);
        Assert.Contains(stale.TheirChanges!, c => c.Path == "comment");

        var kept = await host.Saving.SaveAsync(TestUsers.EditOnly, item, item.Document! with { AccountingLabel = "Mine" }, overwriteServerChanges: true);
        Assert.Equal(SaveStatus.Saved, kept.Status);
        var now = (await host.Emulator.Api.GetDocumentAsync(item.Document!.Id)).Content!;
        Assert.Equal(("Colleague's note", "Mine"), (now.Comment, now.AccountingLabel));
    }

    [Theory, MemberData(nameof(Profiles))]
    public async Task Booking_moves_the_document_to_the_booked_documents(string profile)
    {
        await using var host = await StartAsync(profile);
        var item = (await TidyBookableAsync(host))[0];

        var result = await host.Booking.BookAsync(TestUsers.Booker, item);

        Assert.Equal(BookStatus.Booked, result.Status);
        Assert.DoesNotContain(await host.Emulator.Api.GetAllInboxItemsAsync(), i => i.Id == item.Id);
        Assert.Contains(await host.Emulator.Api.GetAllBookedDocumentsAsync(), d => d.DocumentNumber == item.Document!.DocumentNumber);
    }

    [Theory, MemberData(nameof(Profiles))]
    public async Task A_booking_whose_answer_is_lost_is_recorded_as_booked_because_lucca_booked_it(string profile)
    {
        await using var host = await StartAsync(profile);
        var items = await TidyBookableAsync(host);
        // A first write settles which id the inbox-documents paths take, as the first save of the day would.
        await host.Saving.SaveAsync(TestUsers.Editor, items[1], items[1].Document! with { Comment = "Checked" });
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "POST", PathContains = "/book", DropAfterProcessing = true });

        var result = await host.Booking.BookAsync(TestUsers.Booker, items[0]);

        Assert.Equal(BookStatus.Booked, result.Status);
        var entry = (await host.AuditReader.HistoryAsync(items[0].Document!.Id)).Single(e => e.Action == AuditActions.Book);
        Assert.Equal(AuditOutcomes.Succeeded, entry.Outcome);
        Assert.Contains(await host.Emulator.Api.GetAllBookedDocumentsAsync(), d => d.DocumentNumber == items[0].Document!.DocumentNumber);
        Assert.Single(host.Emulator.Requests, r => r.Method == "POST" && r.Status != 404); // never re-sent
    }

    [Theory, MemberData(nameof(Profiles))]
    public async Task A_booking_refused_before_processing_with_an_unclear_answer_is_recorded_as_not_booked(string profile)
    {
        await using var host = await StartAsync(profile);
        var item = (await TidyBookableAsync(host))[0];
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "POST", PathContains = "/book", Status = 503, Times = 2 });

        var result = await host.Booking.BookAsync(TestUsers.Booker, item);

        Assert.Equal(BookStatus.Failed, result.Status);
        var entry = (await host.AuditReader.HistoryAsync(item.Document!.Id)).Single(e => e.Action == AuditActions.Book);
        Assert.Equal(AuditOutcomes.Failed, entry.Outcome);
        Assert.Contains("still in Lucca's inbox", entry.Error);
        Assert.Contains(await host.Emulator.Api.GetAllInboxItemsAsync(), i => i.Id == item.Id);
    }

    [Theory, MemberData(nameof(Profiles))]
    public async Task A_bulk_booking_of_five_books_each_once(string profile)
    {
        await using var host = await StartAsync(profile);
        var bulk = host.Get<BulkBookingService>();
        var items = (await TidyBookableAsync(host)).Take(5).ToList();
        Assert.Equal(5, items.Count);

        host.SignIn(TestUsers.Booker);
        var started = await bulk.StartAsync(TestUsers.Booker, items.Select(i => i.Id).ToList());
        await Eventually.TrueAsync(() => bulk.Get(started.Id) is { IsRunning: false }, $"the bulk job to finish under {profile}", TimeSpan.FromSeconds(90));

        var job = bulk.Get(started.Id)!;
        Assert.Equal((5, 0), (job.Booked, job.Failed + job.Skipped));
        Assert.Equal(5, host.Emulator.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/book", StringComparison.Ordinal) && r.Status is >= 200 and < 300));
    }
}
