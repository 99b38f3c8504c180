using LuccaInbox.Lucca;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Duplicates;
using LuccaInbox.Web.InvoiceCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Tests.Duplicates;

public sealed class DuplicateServiceTests
{
    [Fact]
    public async Task Inbox_documents_already_booked_are_flagged_and_checking_again_costs_no_request()
    {
        await using var host = await WebServicesHost.StartAsync(documents: 300);
        var duplicates = new DuplicateService(host.Emulator.Api, host.Inbox, host.Get<DocumentChecks>(), host.Get<IOptions<LuccaOptions>>(), TimeProvider.System,
            NullLogger<DuplicateService>.Instance);
        var items = await host.InboxItemsAsync();
        await host.Get<DocumentChecks>().Suppliers.RefreshAsync(); // read once, in the background, by whoever asks first

        var index = await duplicates.GetIndexAsync();
        var requestsAfterFirstCheck = host.Emulator.Requests.Count;
        var flagged = items.Select(i => (Item: i, Matches: index.For(DuplicateCandidate.From(i)))).Where(x => x.Matches.Count > 0).ToList();
        await duplicates.ForAsync(items[0]);

        var bookedTwin = flagged.SelectMany(x => x.Matches).First(m => m.Other.IsBooked);
        Assert.Equal("the same supplier and document number", bookedTwin.Reason);
        Assert.All(flagged, x => Assert.All(x.Matches, m => Assert.Equal(x.Item.Document!.Type, m.Other.Type)));
        Assert.InRange(flagged.Count, 1, items.Count / 5); // the seed makes about 3 % of the inbox re-sent bills
        Assert.Equal(requestsAfterFirstCheck, host.Emulator.Requests.Count); // the second check read nothing from Lucca
        Assert.Contains(host.Emulator.Requests, r => r.Path == "/cleemy-procurement/api/booked-documents" && r.Query.Contains("fields.root=count", StringComparison.Ordinal));
    }
}

public sealed class BookingDuplicatesTests
{
    [Fact]
    public async Task A_likely_duplicate_is_booked_only_with_a_reason_which_the_audit_log_keeps()
    {
        await using var host = await WebServicesHost.StartAsync(documents: 300);
        var booker = TestUsers.With("dup-booker", "Dana Booker", LuccaInbox.Web.Auth.AppRoles.InboxRead, LuccaInbox.Web.Auth.AppRoles.InboxBook);
        var duplicates = host.Get<DuplicateService>();
        var index = await duplicates.GetIndexAsync();
        var item = (await host.BookableItemsAsync()).First(i => index.For(DuplicateCandidate.From(i)).Any(m => m.Other.IsBooked));
        host.Emulator.Emulator.Requests.Clear();

        var refused = await host.Booking.BookAsync(booker, item);
        var booked = await host.Booking.BookAsync(booker, item, "Second instalment: the supplier reuses the number");

        Assert.Equal(LuccaInbox.Web.Documents.BookStatus.Refused, refused.Status);
        Assert.Contains("duplicate", refused.Message);
        Assert.Equal(LuccaInbox.Web.Documents.BookStatus.Booked, booked.Status);
        Assert.Single(host.Emulator.Requests, r => r.Method == "POST");
        var entry = Assert.Single(await host.AuditReader.HistoryAsync(item.Document!.Id));
        Assert.Contains("likely a duplicate", entry.Note);
        Assert.Contains("Second instalment: the supplier reuses the number", entry.Note);
    }
}

public sealed class DuplicatesUnderEveryReadingTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("upload-time")]
    public async Task A_document_booked_elsewhere_after_the_first_read_is_known_as_booked_whatever_its_createdAt_means(string profile)
    {
        await using var host = await WebServicesHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Lucca:InboxCacheSeconds"] = "0" },
            emulatorSettings: new Dictionary<string, string?> { ["Emulator:Profile"] = profile });
        var duplicates = new DuplicateService(host.Emulator.Api, host.Inbox, host.Get<DocumentChecks>(), host.Get<IOptions<LuccaOptions>>(), TimeProvider.System,
            NullLogger<DuplicateService>.Instance);
        await duplicates.GetIndexAsync();
        var item = (await host.BookableItemsAsync()).First(i => i.Document!.CreatedAt < DateTimeOffset.UtcNow.AddDays(-2));

        // Another integration books it: this app never sees the POST.
        (await host.Emulator.Api.BookInboxDocumentRawAsync(item.Id)).EnsureSuccessStatusCode();
        var index = await duplicates.GetIndexAsync();

        Assert.Contains(index.For(DuplicateCandidate.From(item)), m => m.Other.IsBooked && m.Other.Number == item.Document!.DocumentNumber);
    }
}
