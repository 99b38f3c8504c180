using System.Collections.Concurrent;
using System.Diagnostics;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Instances;
using LuccaInbox.Web;
using LuccaInbox.Web.Presence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LuccaInbox.Tests.Instances;

/// <summary>
/// Two app instances on one PostgreSQL database and one emulator: what one does reaches the other's open pages within a
/// second (LISTEN/NOTIFY on the LiveEvents and PresenceEntries tables), without the other asking Lucca.
/// </summary>
public sealed class LiveAcrossInstancesTests
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(1);

    private sealed class Pair(WebServicesHost a, WebServicesHost b, string connectionString) : IAsyncDisposable
    {
        public WebServicesHost A => a;
        public WebServicesHost B => b;
        public string ConnectionString => connectionString;

        public long LuccaRequestsOfB => b.Get<LuccaRequestCounter>().Total;

        public async ValueTask DisposeAsync()
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }

    private static async Task<Pair> TwoInstancesAsync(string prefix, IDictionary<string, string?>? settingsA = null, IDictionary<string, string?>? settingsB = null)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync(prefix);
        var database = AppDatabase.Postgres(connectionString);
        var a = await WebServicesHost.InstanceAsync(database, settings: settingsA);
        var b = await WebServicesHost.InstanceAsync(database, a.Emulator.Emulator, settingsB);
        return new Pair(a, b, connectionString);
    }

    /// <summary>A syncs; B adopts what A read (every test starts from the same snapshot on both).</summary>
    private static async Task<IReadOnlyList<LuccaInbox.Lucca.Models.InboxItem>> SyncOnAAsync(Pair pair)
    {
        var items = await pair.A.InboxItemsAsync();
        await Eventually.TrueAsync(() => pair.B.Inbox.Current.Items.Count == items.Count, "B to adopt A's snapshot");
        return items;
    }

    [Fact]
    public async Task A_sync_on_one_instance_gives_the_other_the_same_snapshot_without_a_Lucca_request()
    {
        await using var pair = await TwoInstancesAsync("live_sync");
        var changes = new ConcurrentQueue<InboxChange>();
        pair.B.Inbox.Changed += changes.Enqueue;

        var items = await pair.A.InboxItemsAsync();
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => changes.Any(c => c.Kind == InboxChangeKind.Synced), "B to hear of A's sync", Live);

        Assert.True(clock.Elapsed < Live, $"took {clock.Elapsed}");
        Assert.Equal(items.Select(i => i.Id), pair.B.Inbox.Current.Items.Select(i => i.Id));
        Assert.Equal(pair.A.Inbox.Current.SyncedAt, pair.B.Inbox.Current.SyncedAt);
        Assert.Equal(items.Select(i => i.Raw!.ToJsonString()), pair.B.Inbox.Current.Items.Select(i => i.Raw!.ToJsonString()));
        var again = await pair.B.Inbox.GetAsync();
        Assert.Same(pair.B.Inbox.Current, again);
        Assert.Equal(0, pair.LuccaRequestsOfB);
    }

    [Fact]
    public async Task An_instance_that_starts_after_a_sync_begins_with_that_snapshot_without_asking_Lucca()
    {
        await using var pair = await TwoInstancesAsync("live_start");
        var items = await SyncOnAAsync(pair);

        await using var c = await WebServicesHost.InstanceAsync(AppDatabase.Postgres(pair.ConnectionString), pair.A.Emulator.Emulator);

        await Eventually.TrueAsync(() => c.Inbox.Current.Items.Count == items.Count, "C to start from A's snapshot", Live);
        Assert.Equal(pair.A.Inbox.Current.SyncedAt, c.Inbox.Current.SyncedAt);
        await c.Inbox.GetAsync();
        Assert.Equal(0, c.Get<LuccaRequestCounter>().Total);
    }

    [Fact]
    public void Only_on_postgres_are_the_listener_live_events_and_shared_presence_registered()
    {
        static IServiceCollection With(AppDatabase database) => new ServiceCollection().AddInvoiceWork("previews", "checkpoints.log", database);
        Type[] shared = [typeof(PostgresListener), typeof(LiveEvents), typeof(SharedPresence)];

        var sqlite = With(AppDatabase.Sqlite("Data Source=unused.db"));
        var postgres = With(AppDatabase.Postgres("Host=localhost;Database=unused"));

        Assert.DoesNotContain(sqlite, d => d.ServiceType == typeof(IHostedService) || shared.Contains(d.ServiceType));
        Assert.Equal(3, postgres.Count(d => d.ServiceType == typeof(IHostedService)));
        Assert.All(shared, type => Assert.Contains(postgres, d => d.ServiceType == type));
    }

    [Fact]
    public async Task A_save_on_one_instance_reaches_the_others_snapshot_and_audit_view_within_a_second_without_a_Lucca_request()
    {
        await using var pair = await TwoInstancesAsync("live_save");
        var items = await SyncOnAAsync(pair);
        var item = items.First(i => i.Document is { OcrStatus: "Processed" });
        var changes = new ConcurrentQueue<InboxChange>();
        var audits = new ConcurrentQueue<AuditEntry>();
        pair.B.Inbox.Changed += changes.Enqueue;
        pair.B.AuditLog.Changed += audits.Enqueue;
        var echoes = new ConcurrentQueue<InboxChange>();
        pair.A.Inbox.Changed += change => { if (change.Elsewhere) echoes.Enqueue(change); };

        var result = await pair.A.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { Comment = "Checked on instance A" });
        Assert.Equal(SaveStatus.Saved, result.Status);
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => pair.B.Inbox.Current.ById[item.Id].Item.Document?.Comment == "Checked on instance A", "the save in B's snapshot", Live);

        Assert.True(clock.Elapsed < Live, $"took {clock.Elapsed}");
        Assert.Contains(changes, c => c is { Kind: InboxChangeKind.Updated, Elsewhere: true } && c.InboxId == item.Id && c.By == TestUsers.Editor.Name);
        Assert.Equal(pair.A.Inbox.Current.ById[item.Id].Item.Document!.Raw!.ToJsonString(), pair.B.Inbox.Current.ById[item.Id].Item.Document!.Raw!.ToJsonString());
        await Eventually.TrueAsync(() => audits.Any(e => e.InboxId == item.Id && e.Outcome == AuditOutcomes.Succeeded), "the completed audit entry on B", Live);
        Assert.Equal(0, pair.LuccaRequestsOfB);
        Assert.Empty(echoes); // A never hears its own events back
        // B wrote no entry, yet its own checkpoint file anchors A's links: verified on B, the chain is intact, not "unanchored".
        var onB = await pair.B.Verifier.VerifyAsync();
        Assert.True(onB.IsIntact, onB.Summary);
    }

    [Fact]
    public async Task A_booking_on_one_instance_removes_the_item_from_the_others_snapshot_within_a_second()
    {
        await using var pair = await TwoInstancesAsync("live_book");
        await SyncOnAAsync(pair);
        var item = (await pair.A.BookableItemsAsync())[0];
        var changes = new ConcurrentQueue<InboxChange>();
        pair.B.Inbox.Changed += changes.Enqueue;

        var result = await pair.A.Booking.BookAsync(TestUsers.Booker, item);
        Assert.Equal(BookStatus.Booked, result.Status);
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => !pair.B.Inbox.Current.ById.ContainsKey(item.Id), "the booked item to leave B's snapshot", Live);

        Assert.True(clock.Elapsed < Live, $"took {clock.Elapsed}");
        Assert.Contains(changes, c => c is { Kind: InboxChangeKind.Removed, Elsewhere: true } && c.InboxId == item.Id);
        Assert.Equal(0, pair.LuccaRequestsOfB);
    }

    [Fact]
    public async Task Viewers_on_one_instance_are_seen_on_the_other_as_they_come_edit_and_go()
    {
        await using var pair = await TwoInstancesAsync("live_presence");
        var presenceA = pair.A.Get<PresenceService>();
        var presenceB = pair.B.Get<PresenceService>();
        var changed = new ConcurrentQueue<int>();
        presenceB.Changed += changed.Enqueue;
        presenceB.Enter(7, "session-b", "oid-bob", "Bob Booker");

        presenceA.Enter(7, "session-a", "oid-ann", "Ann Editor");
        await Eventually.TrueAsync(() => presenceB.Others(7, "oid-bob").Any(v => v.Name == "Ann Editor"), "Ann on B", Live);
        Assert.Contains(7, changed);
        await Eventually.TrueAsync(() => presenceA.Others(7, "oid-ann").Any(v => v.Name == "Bob Booker"), "Bob on A", Live);
        Assert.Contains(presenceB.Everyone()[7], v => v.Session == "session-a");

        presenceA.SetEditing(7, "session-a", true);
        await Eventually.TrueAsync(() => presenceB.Others(7, "oid-bob").Single().IsEditing, "Ann editing, on B", Live);

        presenceA.Leave("session-a");
        await Eventually.TrueAsync(() => presenceB.Others(7, "oid-bob").Count == 0, "Ann gone from B", Live);
        Assert.Single(presenceB.Everyone()[7]);
    }

    [Fact]
    public async Task A_viewer_whose_instance_stops_refreshing_fades_after_the_stale_period()
    {
        // Long enough that Ann is seen on B before she goes stale, on a CI runner busy with browser tests too.
        var stale = new Dictionary<string, string?> { ["Presence:StaleSeconds"] = "4", ["Presence:RefreshSeconds"] = "3600" };
        await using var pair = await TwoInstancesAsync("live_stale", stale, stale);
        var presenceB = pair.B.Get<PresenceService>();
        var changed = new ConcurrentQueue<int>();

        pair.A.Get<PresenceService>().Enter(9, "session-a", "oid-ann", "Ann Editor");
        await Eventually.TrueAsync(() => presenceB.Others(9, "oid-bob").Count == 1, "Ann on B", TimeSpan.FromSeconds(3));
        presenceB.Changed += changed.Enqueue;
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => presenceB.Others(9, "oid-bob").Count == 0, "Ann to fade on B", TimeSpan.FromSeconds(15));

        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1), $"faded after {clock.Elapsed}, before the stale period");
        Assert.Contains(9, changed);
    }

    [Fact]
    public async Task After_its_listening_connection_drops_an_instance_reconnects_and_catches_up_on_what_it_missed()
    {
        await using var pair = await TwoInstancesAsync("live_reconnect");
        var items = await SyncOnAAsync(pair);
        var listener = pair.B.Get<PostgresListener>();
        var before = await ListenerPidAsync(pair, listener.ApplicationName);
        Assert.NotNull(before);

        await using (var admin = new NpgsqlConnection(pair.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
            kill.Parameters.AddWithValue("pid", before!.Value);
            await kill.ExecuteScalarAsync();
        }
        // At once: B pauses before listening again, so the notification of this booking reaches nobody on B.
        pair.A.Inbox.Remove(items[0].Id, "Ann Editor");

        await Eventually.TrueAsync(() => !pair.B.Inbox.Current.ById.ContainsKey(items[0].Id), "B to catch up on the booking", TimeSpan.FromSeconds(5));
        var after = await ListenerPidAsync(pair, listener.ApplicationName);
        Assert.NotNull(after);
        Assert.NotEqual(before, after);

        pair.A.Inbox.Remove(items[1].Id, "Ann Editor");
        await Eventually.TrueAsync(() => !pair.B.Inbox.Current.ById.ContainsKey(items[1].Id), "B to hear live again", Live);
    }

    private static async Task<int?> ListenerPidAsync(Pair pair, string applicationName)
    {
        await using var connection = new NpgsqlConnection(pair.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE application_name = @name", connection);
        command.Parameters.AddWithValue("name", applicationName);
        return await command.ExecuteScalarAsync() as int?;
    }
}
