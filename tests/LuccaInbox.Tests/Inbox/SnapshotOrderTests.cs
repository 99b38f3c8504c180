using System.Text.Json.Nodes;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Inbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Refit;

namespace LuccaInbox.Tests.Inbox;

/// <summary>The shared snapshot has three writers (sync, save, booking): an older read never undoes a newer write.</summary>
public sealed class SnapshotOrderTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_sync_that_read_before_a_booking_does_not_bring_the_booked_document_back()
    {
        var lucca = new SlowInbox([Item(1, "A", Monday), Item(2, "B", Monday)]);
        var inbox = NewInbox(lucca);
        await inbox.GetAsync();

        var sync = lucca.HoldNextPage();
        var landing = inbox.GetAsync(forceRefresh: true);
        await sync.Read; // Lucca answered with the inbox as it was: item 1 still in it
        lucca.Items = [Item(2, "B", Monday)];
        inbox.Remove(1, "Alice");
        sync.Release();
        var after = await landing;

        Assert.False(after.ById.ContainsKey(1));
        Assert.False(inbox.Current.ById.ContainsKey(1));
        Assert.True(after.ById.ContainsKey(2));
    }

    [Fact]
    public async Task A_sync_that_read_before_a_save_keeps_the_saved_version()
    {
        var lucca = new SlowInbox([Item(1, "before", Monday)]);
        var inbox = NewInbox(lucca);
        await inbox.GetAsync();

        var sync = lucca.HoldNextPage();
        var landing = inbox.GetAsync(forceRefresh: true);
        await sync.Read;
        inbox.ApplyUpdated(Item(1, "saved", Monday.AddMinutes(5)), "Alice");
        sync.Release();
        await landing;

        Assert.Equal("saved", inbox.Current.ById[1].Item.Document!.AccountingLabel);
    }

    [Fact]
    public async Task A_sync_that_starts_after_the_writes_is_believed()
    {
        var lucca = new SlowInbox([Item(1, "before", Monday), Item(2, "B", Monday)]);
        var inbox = NewInbox(lucca);
        await inbox.GetAsync();
        inbox.ApplyUpdated(Item(1, "saved", Monday.AddMinutes(5)));
        inbox.Remove(2);

        lucca.Items = [Item(1, "colleague", Monday.AddMinutes(9)), Item(2, "B again", Monday.AddMinutes(9))];
        var after = await inbox.GetAsync(forceRefresh: true);

        Assert.Equal("colleague", after.ById[1].Item.Document!.AccountingLabel);
        Assert.True(after.ById.ContainsKey(2));
    }

    [Fact]
    public async Task A_read_older_than_the_version_held_is_ignored()
    {
        var inbox = NewInbox(new SlowInbox([Item(1, "first", Monday)]));
        await inbox.GetAsync();
        var changes = new List<InboxChange>();
        inbox.Changed += changes.Add;

        inbox.ApplyUpdated(Item(1, "saved", Monday.AddMinutes(5)));
        inbox.ApplyUpdated(Item(1, "read earlier", Monday.AddMinutes(1)));

        Assert.Equal("saved", inbox.Current.ById[1].Item.Document!.AccountingLabel);
        Assert.Single(changes);
    }

    [Fact]
    public async Task A_version_check_that_lands_after_the_booking_does_not_change_anything()
    {
        var inbox = NewInbox(new SlowInbox([Item(1, "A", Monday), Item(2, "B", Monday)]));
        await inbox.GetAsync();

        inbox.Remove(1);
        inbox.ApplyUpdated(Item(1, "read before the booking", Monday.AddMinutes(1)));

        Assert.False(inbox.Current.ById.ContainsKey(1));
    }

    [Fact]
    public async Task A_snapshot_adopted_from_another_instance_keeps_a_newer_save_and_a_booking_made_here()
    {
        var inbox = NewInbox(new SlowInbox([Item(1, "A", Monday), Item(2, "B", Monday)]));
        await inbox.GetAsync();
        inbox.ApplyUpdated(Item(1, "saved", Monday.AddMinutes(5)));
        inbox.Remove(2);
        var changes = new List<InboxChange>();
        inbox.Changed += changes.Add;

        var now = DateTimeOffset.UtcNow;
        inbox.AdoptSnapshot([Item(1, "read elsewhere", Monday), Item(2, "B", Monday), Item(3, "C", Monday)], now.AddSeconds(1), readFrom: now);

        Assert.Equal("saved", inbox.Current.ById[1].Item.Document!.AccountingLabel);
        Assert.False(inbox.Current.ById.ContainsKey(2));
        Assert.True(inbox.Current.ById.ContainsKey(3));
        Assert.Equal(now.AddSeconds(1), inbox.Current.SyncedAt);
        Assert.Equal(new InboxChange(InboxChangeKind.Synced, Elsewhere: true), Assert.Single(changes));
    }

    [Fact]
    public async Task A_snapshot_adopted_from_a_read_made_after_the_writes_is_believed()
    {
        var inbox = NewInbox(new SlowInbox([Item(1, "A", Monday), Item(2, "B", Monday)]));
        await inbox.GetAsync();
        inbox.ApplyUpdated(Item(1, "saved", Monday.AddMinutes(5)));
        inbox.Remove(2);

        var later = DateTimeOffset.UtcNow.AddMinutes(1);
        inbox.AdoptSnapshot([Item(1, "colleague", Monday.AddMinutes(9)), Item(2, "B again", Monday.AddMinutes(9))], later.AddSeconds(2), readFrom: later);

        Assert.Equal("colleague", inbox.Current.ById[1].Item.Document!.AccountingLabel);
        Assert.True(inbox.Current.ById.ContainsKey(2));
    }

    [Fact]
    public async Task A_snapshot_from_another_instance_older_than_the_one_held_is_ignored()
    {
        var inbox = NewInbox(new SlowInbox([Item(1, "mine", Monday)]));
        var held = await inbox.GetAsync();
        var changes = new List<InboxChange>();
        inbox.Changed += changes.Add;

        inbox.AdoptSnapshot([Item(1, "older", Monday)], held.SyncedAt!.Value.AddSeconds(-5), held.SyncedAt.Value.AddSeconds(-6));

        Assert.Same(held, inbox.Current);
        Assert.Empty(changes);
    }

    [Fact]
    public void A_change_that_came_from_another_instance_says_so()
    {
        var inbox = NewInbox(new SlowInbox([]));
        var changes = new List<InboxChange>();
        inbox.Changed += changes.Add;

        inbox.Remove(4, "Ann", fromElsewhere: true);
        inbox.Remove(5, "Bob");

        Assert.Equal([true, false], changes.Select(c => c.Elsewhere));
    }

    private static InboxService NewInbox(ILuccaInvoicesApi api) =>
        new(api, Options.Create(new LuccaOptions()), TimeProvider.System, NullLogger<InboxService>.Instance);

    private static InboxItem Item(int id, string label, DateTimeOffset modifiedAt) => new()
    {
        Id = id,
        Document = new Document { Id = 100 + id, Type = DocumentTypes.Invoice, AccountingLabel = label, ModifiedAt = modifiedAt },
    };

    /// <summary>An inbox whose next page answer can be held after it was read, as a slow network holds it.</summary>
    private sealed class SlowInbox(IReadOnlyList<InboxItem> items) : ILuccaInvoicesApi
    {
        private HeldPage? _held;

        public IReadOnlyList<InboxItem> Items { get; set; } = items;

        public HeldPage HoldNextPage() => _held = new HeldPage();

        public async Task<LuccaCollection<InboxItem>> GetInboxAsync(IDictionary<string, string>? filters, int? limit, int? page, string? fieldsRoot,
            CancellationToken cancellationToken = default)
        {
            var now = Items;
            if (limit == 0) return new LuccaCollection<InboxItem> { Count = now.Count };
            if (Interlocked.Exchange(ref _held, null) is { } held)
            {
                held.ReadDone.TrySetResult();
                await held.Gate.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            }
            return new LuccaCollection<InboxItem> { Items = now, Count = now.Count };
        }

        public Task<HttpResponseMessage> PutInboxDocumentRawAsync(int id, JsonObject body, string? ifMatch = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<HttpResponseMessage> BookInboxDocumentRawAsync(int id, string? ifMatch = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IApiResponse<Document>> GetDocumentAsync(int documentId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<BookedDocument> GetInvoiceAsync(int invoiceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<LuccaCollection<BookedDocument>> GetBookedDocumentsAsync(IDictionary<string, string>? filters, int? limit, int? page, string? fieldsRoot,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<HttpResponseMessage> GetFileRawAsync(string fileId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<LuccaCollection<Supplier>> GetSuppliersAsync(IDictionary<string, string>? filters, int? limit, int? page, string? fieldsRoot,
            CancellationToken cancellationToken = default) => Task.FromResult(new LuccaCollection<Supplier> { Items = [], Count = 0 });
        public Task<LuccaCollection<Purchase>> GetPurchasesAsync(int? limit, string? page, CancellationToken cancellationToken = default) =>
            Task.FromResult(new LuccaCollection<Purchase> { Items = [] });
        public Task<Purchase> GetPurchaseAsync(int purchaseId, CancellationToken cancellationToken = default) => Task.FromResult(new Purchase { Id = purchaseId });
        public Task<HttpResponseMessage> GetFileDisplayRawAsync(string fileId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<HttpResponseMessage> GetFilePageRawAsync(string fileId, int pageNumber, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private sealed class HeldPage
    {
        public TaskCompletionSource ReadDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task Read => ReadDone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        public void Release() => Gate.TrySetResult();
    }
}
