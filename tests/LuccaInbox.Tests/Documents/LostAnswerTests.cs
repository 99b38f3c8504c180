using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Documents;

namespace LuccaInbox.Tests.Documents;

/// <summary>Never bet the audit log on a guess: an unclear answer is settled from what Lucca holds.</summary>
public sealed class LostAnswerTests
{
    [Fact]
    public async Task A_save_whose_answer_is_lost_is_read_back_not_resent_and_recorded_as_applied()
    {
        await using var host = await WebServicesHost.StartAsync();
        var item = (await host.BookableItemsAsync())[0];
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "PUT", DropAfterProcessing = true });

        var result = await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { Comment = "Checked against the scan" });

        Assert.Equal(SaveStatus.Saved, result.Status);
        Assert.Single(host.Emulator.Requests, r => r.Method == "PUT");
        var entry = (await host.AuditReader.HistoryAsync(item.Document.Id)).Single();
        Assert.Equal(AuditOutcomes.Succeeded, entry.Outcome);
        Assert.Contains("read back from Lucca", entry.Error);
    }

    [Fact]
    public async Task A_save_refused_with_an_unclear_answer_is_read_back_and_recorded_as_not_applied()
    {
        await using var host = await WebServicesHost.StartAsync();
        var item = (await host.BookableItemsAsync())[0];
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "PUT", Status = 504 });

        var result = await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { Comment = "Checked" });

        Assert.Equal(SaveStatus.Failed, result.Status);
        Assert.Contains("not applied", result.Message);
        var entry = (await host.AuditReader.HistoryAsync(item.Document.Id)).Single();
        Assert.Equal((AuditOutcomes.Failed, 504), (entry.Outcome, entry.LuccaStatus));
        Assert.Contains("Not applied: read back from Lucca", entry.Error);
    }

    [Fact]
    public async Task A_booking_that_cannot_be_settled_stays_pending_blocks_a_second_booking_and_is_settled_by_the_recheck()
    {
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Lucca:MaxRetries"] = "0" });
        var item = (await host.BookableItemsAsync())[0];
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "POST", PathContains = "/book", DropAfterProcessing = true });
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "GET", PathContains = "booked-documents", Status = 503, Times = 5 });

        // Booked invoices cannot be read, so duplicates cannot be ruled out: each booking states why it goes ahead.
        var first = await host.Booking.BookAsync(TestUsers.Booker, item, "Urgent: the supplier is waiting");
        var second = await host.Booking.BookAsync(TestUsers.Booker2, item, "Urgent: the supplier is waiting");

        Assert.Equal(BookStatus.Unknown, first.Status);
        Assert.Equal(BookStatus.Unknown, second.Status);
        Assert.Contains("still being checked", second.Message);
        Assert.Single(host.Emulator.Requests, r => r.Method == "POST");
        Assert.Equal(AuditOutcomes.Pending, (await host.AuditReader.HistoryAsync(item.Document!.Id)).Single().Outcome);

        host.Emulator.Emulator.Faults.ClearScript();
        await Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<PendingAttemptReconciler>(host.Services).RecheckAsync(atStartUp: true, CancellationToken.None);

        var settled = (await host.AuditReader.HistoryAsync(item.Document.Id)).Single();
        Assert.Equal(AuditOutcomes.Succeeded, settled.Outcome);
        Assert.Contains("Confirmed in Lucca's booked documents", settled.Error);
    }

    [Fact]
    public async Task When_the_outcome_cannot_be_recorded_the_message_does_not_claim_nothing_was_sent()
    {
        await using var host = await WebServicesHost.StartAsync();
        var item = (await host.BookableItemsAsync())[0];
        // The intent can be written, the outcome cannot: as a disk that fills up between the two.
        await host.Database.ExecuteAsync("CREATE TRIGGER no_outcome BEFORE UPDATE ON AuditEntries BEGIN SELECT RAISE(ABORT, 'disk full'); END;");

        var error = await Assert.ThrowsAsync<AuditUnavailableException>(() => host.Booking.BookAsync(TestUsers.Booker, item));

        Assert.Single(host.Emulator.Requests, r => r.Method == "POST");
        Assert.DoesNotContain("nothing was sent", error.Message);
        Assert.Contains("Lucca was called", error.Message);
    }

    [Fact]
    public async Task Right_after_an_unclear_booking_answer_still_in_the_inbox_proves_nothing_yet_so_it_stays_pending()
    {
        // A proxy's 504 while Lucca is still working on the POST: the item may leave the inbox a moment later.
        await using var host = await WebServicesHost.StartAsync();
        var item = (await host.BookableItemsAsync())[0];
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "POST", PathContains = "/book", Status = 504 });

        var result = await host.Booking.BookAsync(TestUsers.Booker, item);

        Assert.Equal(BookStatus.Unknown, result.Status);
        Assert.Equal(AuditOutcomes.Pending, (await host.AuditReader.HistoryAsync(item.Document!.Id)).Single().Outcome);
    }
}
