using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Documents;

namespace LuccaInbox.Tests.Instances;

/// <summary>Saves and bookings of one document take turns across instances, as they do within one (DocumentGates).</summary>
public sealed class DocumentTurnAcrossInstancesTests
{
    [Fact]
    public async Task A_save_still_on_its_way_on_one_instance_is_never_settled_as_lost_by_a_save_on_another()
    {
        var database = AppDatabase.Postgres(await PostgresServer.CreateDatabaseAsync("turn"));
        await using var first = await WebServicesHost.FirstInstanceAsync(database);
        await using var second = first.AnotherInstance();
        var item = (await first.BookableItemsAsync()).First();
        var onSecond = (await second.BookableItemsAsync()).Single(i => i.Id == item.Id);
        // The first instance's PUT takes 2 s to reach Lucca: meanwhile its attempt is Pending in the audit log.
        first.Emulator.Emulator.Faults.Enqueue(new ScriptedFault { Method = "PUT", DelayMs = 2000 });

        var firstSave = first.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { Comment = "Checked on the first instance" });
        await Eventually.TrueAsync(() => first.AuditReader.PendingAsync().GetAwaiter().GetResult().Any(e => e.InboxId == item.Id), "the first save's intent");
        var colleague = TestUsers.With("editor2", "Ed Second", LuccaInbox.Web.Auth.AppRoles.InboxRead, LuccaInbox.Web.Auth.AppRoles.InboxEdit);
        var secondSave = await second.Saving.SaveAsync(colleague, onSecond, onSecond.Document! with { AccountingLabel = "Typed on the second" });
        var firstResult = await firstSave;

        // Before, the second instance settled the first one's attempt from what Lucca held ("Not applied") while it was on
        // its way, and the first save then failed to record its own outcome.
        Assert.Equal(SaveStatus.Saved, firstResult.Status);
        Assert.Equal(SaveStatus.Conflict, secondSave.Status); // it waited for its turn and then saw the first one's change
        var edits = await first.AuditReader.SearchAsync(new AuditFilter(Action: AuditActions.Edit, NewestFirst: false));
        var firstEntry = Assert.Single(edits, e => e.UserObjectId == TestUsers.Editor.ObjectId);
        Assert.Equal((AuditOutcomes.Succeeded, 200), (firstEntry.Outcome, firstEntry.LuccaStatus));
        Assert.Empty(await first.AuditReader.PendingAsync());
    }
}
