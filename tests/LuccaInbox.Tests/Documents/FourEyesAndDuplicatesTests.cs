using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Bulk;
using LuccaInbox.Web.Documents;

namespace LuccaInbox.Tests.Documents;

/// <summary>Security review, items 3 and 4: no booking of one's own bank-detail change, no duplicate booked blind.</summary>
public sealed class FourEyesAndDuplicatesTests
{
    private static PaymentDetails NewBankDetails => new() { PaymentMethod = "BankTransfer", BankAccount = new BankAccount { Iban = "FR7630004000031234567890143" } };

    [Fact]
    public async Task A_booker_whose_iban_change_lost_its_answer_but_was_applied_cannot_book_it_with_four_eyes()
    {
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Booking:FourEyes"] = "true" });
        var item = (await host.BookableItemsAsync())[0];
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "PUT", DropAfterProcessing = true });

        var saved = await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { PaymentDetails = NewBankDetails });
        var booked = await host.Booking.BookAsync(TestUsers.Editor, saved.Saved ?? item);

        Assert.Single(host.Emulator.Requests, r => r.Method == "PUT"); // never re-sent blindly
        Assert.Equal(BookStatus.Refused, booked.Status);
        Assert.Contains("Four-eyes", booked.Message);
        Assert.DoesNotContain(host.Emulator.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task An_edit_whose_outcome_is_not_known_yet_counts_for_four_eyes()
    {
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Booking:FourEyes"] = "true", ["Lucca:MaxRetries"] = "0" });
        var item = (await host.BookableItemsAsync())[0];
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "PUT", DropAfterProcessing = true });
        // The version read before the PUT goes through; the read-back after the lost answer fails too.
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "GET", PathContains = "/api/documents/" });
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "GET", PathContains = "/api/documents/", Status = 503, Times = 2 });

        var saved = await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { PaymentDetails = NewBankDetails });

        Assert.Equal(AuditOutcomes.Pending, (await host.AuditReader.HistoryAsync(item.Document!.Id)).Single().Outcome);
        Assert.NotNull(await host.Get<BookingRules>().FourEyesBlockerAsync(TestUsers.Editor, item.Document.Id));
        Assert.Null(await host.Get<BookingRules>().FourEyesBlockerAsync(TestUsers.Booker, item.Document.Id));
        Assert.Equal(SaveStatus.Failed, saved.Status);
    }

    [Fact]
    public async Task While_booked_invoices_cannot_be_read_a_booking_needs_a_reason_and_a_bulk_job_skips()
    {
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Lucca:MaxRetries"] = "0" });
        var items = await host.BookableItemsAsync();
        await host.Emulator.ScriptAsync(new ScriptedFault { Method = "GET", PathContains = "booked-documents", Status = 503, Times = 100 });

        var refused = await host.Booking.BookAsync(TestUsers.Booker, items[0]);
        var bulk = await host.Booking.BulkBookAsync(TestUsers.Booker, items[1], BulkBookingService.NoteFor(1));
        var withReason = await host.Booking.BookAsync(TestUsers.Booker, items[0], "The supplier confirmed by phone it is not a re-sent bill");

        Assert.Equal((BookStatus.Refused, BookStatus.Refused), (refused.Status, bulk.Status));
        Assert.Contains("duplicate", refused.Message);
        Assert.Equal(BookStatus.Booked, withReason.Status);
        Assert.Contains("could not be read", (await host.AuditReader.HistoryAsync(items[0].Document!.Id)).Single().Note);
    }
}
