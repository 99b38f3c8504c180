using LuccaInbox.Emulator.Seeding;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.InvoiceCheck;
using LuccaInbox.Web.Suppliers;
using OriginalKind = LuccaInbox.Web.InvoiceCheck.OriginalKind;

namespace LuccaInbox.Tests.InvoiceCheck;

/// <summary>Issue 16 against the emulator: each document's supplier from Lucca, its fields against its original, and the
/// checks that make a booking take a stated reason.</summary>
public sealed class DocumentChecksTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Booking:FourEyes"] = "false" };

    private static async Task<(WebServicesHost Host, IReadOnlyList<SeededTruth> Truth)> StartAsync(int documents = 120, string profile = "default")
    {
        var host = await WebServicesHost.StartAsync(Settings, documents, new Dictionary<string, string?> { ["Emulator:Profile"] = profile });
        await host.Inbox.GetAsync();
        await host.Get<SupplierDirectory>().RefreshAsync();
        return (host, host.Emulator.Emulator.Store.SeededTruth);
    }

    private static async Task<InboxItem> ItemAsync(WebServicesHost host, int inboxId) =>
        (await host.InboxItemsAsync()).Single(i => i.Id == inboxId);

    [Theory]
    [InlineData("default")]
    [InlineData("odd-suppliers")]
    public async Task Each_documents_supplier_is_named_from_Lucca_whichever_way_a_purchase_names_it(string profile)
    {
        var (host, _) = await StartAsync(profile: profile);
        await using var _ = host;
        var checks = host.Get<DocumentChecks>();
        var items = await host.InboxItemsAsync();
        // odd-suppliers: a purchase gives only a supplierId, so the first asks read the purchases one by one.
        foreach (var item in items) checks.SupplierOf(item.Document);
        await host.Get<SupplierDirectory>().RefreshAsync();

        var named = items.Count(i => checks.SupplierOf(i.Document) is not null);

        Assert.True(named >= items.Count * 9 / 10, $"{named} of {items.Count} documents have their supplier");
        var supplierRequests = host.Emulator.Requests.Count(r => r.Path.Contains("/api/suppliers", StringComparison.Ordinal));
        Assert.InRange(supplierRequests, 1, 3); // the count, then one page of a thousand
    }

    [Fact]
    public async Task A_purchase_that_names_no_supplier_leaves_the_supplier_unknown_and_nothing_fails()
    {
        var (host, _) = await StartAsync(profile: "no-purchase-supplier");
        await using var _ = host;
        var checks = host.Get<DocumentChecks>();
        var item = (await host.InboxItemsAsync()).First(i => i.Document?.Context?.Purchase is not null);
        checks.SupplierOf(item.Document);
        await host.Get<SupplierDirectory>().RefreshAsync();

        var check = checks.Check(item.Document);

        Assert.Null(check.Supplier);
        Assert.Equal(BankStatus.SupplierUnknown, check.Bank.Status);
    }

    [Fact]
    public async Task An_IBAN_that_is_not_the_suppliers_on_file_is_booked_only_on_its_own_with_a_reason_kept_in_the_audit_log()
    {
        var (host, truth) = await StartAsync(documents: 250);
        await using var _ = host;
        var bookable = (await host.BookableItemsAsync()).Select(i => i.Id).ToHashSet();
        var fraud = truth.First(t => t.IbanDiffersFromSupplier && bookable.Contains(t.InboxId) && t.MisreadField is null);
        var item = await ItemAsync(host, fraud.InboxId);
        var clerk = TestUsers.With("clerk-1", "Camille Durand", "Inbox.Read", "Inbox.Edit", "Inbox.Book");

        Assert.Equal(BankStatus.Differs, host.Get<DocumentChecks>().Check(item.Document).Bank.Status);
        var bulk = await host.Booking.BulkBookAsync(clerk, item, "bulk job 1");
        var unexplained = await host.Booking.BookAsync(clerk, item);
        var explained = await host.Booking.BookAsync(clerk, item, "New bank account confirmed by phone with the supplier's accountant");

        Assert.Equal((BookStatus.Refused, BookStatus.Refused), (bulk.Status, unexplained.Status));
        Assert.Contains("bank account on file", unexplained.Message);
        Assert.Equal(BookStatus.Booked, explained.Status);
        var entry = (await host.AuditReader.HistoryAsync(item.Document!.Id)).Single(e => e.Action == "Book");
        Assert.Contains("IBAN is not", entry.Note);
        Assert.Contains("confirmed by phone", entry.Note);
    }

    [Fact]
    public async Task A_misread_number_differs_from_the_Factur_X_data_and_booking_it_takes_a_reason()
    {
        var (host, truth) = await StartAsync(documents: 250);
        await using var _ = host;
        var bookable = (await host.BookableItemsAsync()).Select(i => i.Id).ToHashSet();
        var misread = truth.First(t => t.OriginalKind == LuccaInbox.Emulator.Seeding.OriginalKind.FacturX && t.MisreadField == "documentNumber"
            && !t.IbanDiffersFromSupplier && bookable.Contains(t.InboxId));
        var item = await ItemAsync(host, misread.InboxId);
        var checks = host.Get<DocumentChecks>();
        var clerk = TestUsers.With("clerk-1", "Camille Durand", "Inbox.Read", "Inbox.Edit", "Inbox.Book");

        Assert.Empty(checks.Check(item.Document).Fields); // not read yet: nothing claimed
        Assert.True(await checks.ReadOriginalAsync(item.Document));
        var check = checks.Check(item.Document);

        Assert.Equal(OriginalKind.FacturX, check.Original!.Kind);
        var number = check.For("documentNumber")!;
        Assert.Equal((Verdict.Differs, misread.TrueValue), (number.Verdict, number.InvoiceTypedValue as string));
        Assert.True(check.DiffersFromFacturX);
        var refused = await host.Booking.BookAsync(clerk, item);
        Assert.Equal(BookStatus.Refused, refused.Status);
        Assert.Contains("Factur-X", refused.Message);
    }

    [Fact]
    public async Task Reading_an_original_costs_one_Lucca_request_once_and_a_correct_document_raises_no_alarm()
    {
        var (host, truth) = await StartAsync();
        await using var _ = host;
        var correct = truth.First(t => t.OriginalKind == LuccaInbox.Emulator.Seeding.OriginalKind.FacturX && t.MisreadField is null && !t.IbanDiffersFromSupplier);
        var item = await ItemAsync(host, correct.InboxId);
        var checks = host.Get<DocumentChecks>();
        host.Emulator.Emulator.Requests.Clear();

        await checks.ReadOriginalAsync(item.Document);
        await checks.ReadOriginalAsync(item.Document);
        var check = checks.Check(item.Document);

        Assert.Equal(1, host.Emulator.Requests.Count(r => r.Path.Contains("/api/files/", StringComparison.Ordinal)));
        Assert.Empty(check.Differing);
        Assert.Contains(check.Fields, f => f is { Field: "documentNumber", Verdict: Verdict.Matches });
        Assert.Empty(check.Concerns);
    }

    [Fact]
    public async Task An_original_cached_on_disk_is_read_again_in_the_background_and_nobody_waits_for_it()
    {
        var (host, _) = await StartAsync(documents: 40);
        await using var _ = host;
        var item = (await host.InboxItemsAsync()).First(i => InvoiceOriginals.OriginalOf(i.Document) is not null);
        var fileId = InvoiceOriginals.OriginalOf(item.Document)!.FileId!;
        // As after a restart: the original is on disk, not in memory.
        host.Get<LuccaInbox.Web.Previews.PreviewStorage>().Write(LuccaInbox.Web.Previews.PreviewService.OriginalKey(fileId),
            TestPdfs.Text([(50, 700, "INVOICE"), (50, 680, item.Document!.DocumentNumber ?? "no number")]));
        var originals = host.Get<InvoiceOriginals>();
        var read = new TaskCompletionSource();
        originals.Read += () => read.TrySetResult();
        host.Emulator.Emulator.Requests.Clear();

        Assert.Null(originals.TryGet(item.Document)); // at once, never parsing on the caller's thread
        await read.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(OriginalKind.TextLayer, originals.TryGet(item.Document)!.Kind);
        Assert.DoesNotContain(host.Emulator.Requests, r => r.Path.Contains("/api/files/", StringComparison.Ordinal));
    }
}
