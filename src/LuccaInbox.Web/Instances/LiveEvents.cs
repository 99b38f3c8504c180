using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Inbox;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LuccaInbox.Web.Instances;

/// <summary>
/// Live updates across the instances sharing PostgreSQL. What this instance does to the inbox (a save, a booking, a
/// sync with what it read) and to the audit log is written to "LiveEvents" and announced with NOTIFY; what the others
/// did is read from there and applied here without being shared again, so every open grid and page follows, and a
/// sync made anywhere spares the others their own Lucca requests. Rows older than <see cref="KeptFor"/> are pruned.
/// </summary>
public sealed class LiveEvents(IServiceProvider services, AppDatabase database, AppInstance instance, PostgresListener listener,
    TimeProvider time, ILogger<LiveEvents> logger) : IHostedService
{
    public const string Save = "save", Book = "book", Sync = "sync", Audit = "audit";
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan CatchUpEvery = TimeSpan.FromSeconds(30);

    private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WakeUp _incoming = new();
    private readonly CancellationTokenSource _stopping = new();
    private InboxService? _inbox;
    private AuditLog? _audit;
    private long _lastSeen;
    private Task _writing = Task.CompletedTask;
    private Task _reading = Task.CompletedTask;

    private sealed record Outgoing(string Kind, int? InboxId, string? By, Func<string?> Payload);

    private sealed record SyncPayload(DateTimeOffset SyncedAt, DateTimeOffset ReadFrom, JsonArray Items);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved now, not when built: the Lucca client behind the inbox needs the embedded emulator's address first.
        _inbox = services.GetRequiredService<InboxService>();
        _audit = services.GetRequiredService<AuditLog>();
        _lastSeen = await StartingPointAsync(cancellationToken);
        _inbox.Changed += OnInboxChanged;
        _audit.RecordedHere += OnRecorded;
        listener.Subscribe(PostgresListener.LiveChannel, from => { if (from != instance.Id) _incoming.Set(); });
        _incoming.Set(); // whatever came before the subscription: its notification may have gone to nobody
        _writing = Task.Run(() => WriteAsync(_stopping.Token));
        _reading = Task.Run(() => ReadAsync(_stopping.Token));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_inbox is not null) _inbox.Changed -= OnInboxChanged;
        if (_audit is not null) _audit.RecordedHere -= OnRecorded;
        _outbox.Writer.TryComplete();
        // What is still to be shared is written first, unless the host is out of patience.
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _stopping.CancelAsync();
        await Task.WhenAll(_writing, _reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Events from now on; from the last sync on, when one is still in the table, so a new instance starts from its snapshot.</summary>
    private async Task<long> StartingPointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenPostgresAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """SELECT COALESCE((SELECT MAX("Id") - 1 FROM "LiveEvents" WHERE "Kind" = @sync), (SELECT MAX("Id") FROM "LiveEvents"), 0)""", connection);
        command.Parameters.AddWithValue("sync", Sync);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private void OnInboxChanged(InboxChange change)
    {
        if (change.Elsewhere) return;
        switch (change.Kind)
        {
            case InboxChangeKind.Updated when change.InboxId is { } id && _inbox!.Current.ById.GetValueOrDefault(id)?.Item is { } item:
                Share(new Outgoing(Save, id, change.By, () => ItemJson(item).ToJsonString()));
                break;
            case InboxChangeKind.Removed when change.InboxId is { } id:
                Share(new Outgoing(Book, id, change.By, () => null));
                break;
            case InboxChangeKind.Synced when _inbox!.Current is { SyncedAt: { } syncedAt } snapshot:
                Share(new Outgoing(Sync, null, null, () => JsonSerializer.Serialize(
                    new SyncPayload(syncedAt, snapshot.ReadFrom ?? syncedAt, [.. snapshot.Items.Select(ItemJson)]))));
                break;
        }
    }

    private void OnRecorded(AuditEntry entry) =>
        Share(new Outgoing(Audit, entry.InboxId, entry.UserName, () => entry.Id.ToString(CultureInfo.InvariantCulture)));

    private void Share(Outgoing outgoing)
    {
        if (!_outbox.Writer.TryWrite(outgoing)) logger.LogWarning("Stopping: a {Kind} event is not shared with the other instances", outgoing.Kind);
    }

    /// <summary>The item as Lucca sent it (what a later PUT starts from), with the document as last read.</summary>
    private static JsonNode ItemJson(InboxItem item)
    {
        if (item.Raw is null) return JsonSerializer.SerializeToNode(item, LuccaJson.Options)!;
        var json = (JsonObject)item.Raw.DeepClone();
        if (item.Document is { } document) json["document"] = document.Raw?.DeepClone() ?? JsonSerializer.SerializeToNode(document, LuccaJson.Options);
        return json;
    }

    private async Task WriteAsync(CancellationToken stopping)
    {
        var lastPrune = time.GetUtcNow();
        await foreach (var outgoing in _outbox.Reader.ReadAllAsync(CancellationToken.None))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await InsertAsync(outgoing, stopping);
                    break;
                }
                catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException && attempt < 5 && !stopping.IsCancellationRequested)
                {
                    logger.LogWarning(e, "A {Kind} event could not be shared with the other instances (attempt {Attempt})", outgoing.Kind, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(attempt), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
                catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or OperationCanceledException or JsonException)
                {
                    logger.LogError(e, "A {Kind} event for inbox item {InboxId} was not shared with the other instances", outgoing.Kind, outgoing.InboxId);
                    break;
                }
            }
            if (time.GetUtcNow() - lastPrune > TimeSpan.FromMinutes(1))
            {
                lastPrune = time.GetUtcNow();
                await PruneAsync(stopping);
            }
        }
    }

    private async Task InsertAsync(Outgoing outgoing, CancellationToken cancellationToken)
    {
        var payload = outgoing.Payload();
        await using var connection = await database.OpenPostgresAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One writer at a time across instances: ids then commit in their order, so a reader that has seen id n has
        // seen every event before it (a later id committed first would otherwise let it skip the earlier one for good).
        await using (var turn = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('luccainbox:live-events'))", connection, transaction))
        {
            await turn.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var insert = new NpgsqlCommand(
            """INSERT INTO "LiveEvents" ("AtUtc", "Instance", "Kind", "InboxId", "By", "Payload") VALUES (@at, @instance, @kind, @inboxId, @by, @payload)""",
            connection, transaction))
        {
            insert.Parameters.AddWithValue("at", time.GetUtcNow().UtcDateTime);
            insert.Parameters.AddWithValue("instance", instance.Id);
            insert.Parameters.AddWithValue("kind", outgoing.Kind);
            insert.Parameters.AddWithValue("inboxId", (object?)outgoing.InboxId ?? DBNull.Value);
            insert.Parameters.AddWithValue("by", outgoing.By is { Length: > 200 } by ? by[..200] : (object?)outgoing.By ?? DBNull.Value);
            insert.Parameters.AddWithValue("payload", (object?)payload ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @from)", connection, transaction))
        {
            notify.Parameters.AddWithValue("channel", PostgresListener.LiveChannel);
            notify.Parameters.AddWithValue("from", instance.Id);
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenPostgresAsync(cancellationToken);
            // A sync holds the whole inbox: once a newer one is there, the older one tells nobody anything.
            await using var prune = new NpgsqlCommand("""
                DELETE FROM "LiveEvents" WHERE "AtUtc" < @before
                    OR ("Kind" = @sync AND "AtUtc" < @superseded AND "Id" < (SELECT MAX("Id") FROM "LiveEvents" WHERE "Kind" = @sync))
                """, connection);
            prune.Parameters.AddWithValue("before", (time.GetUtcNow() - KeptFor).UtcDateTime);
            prune.Parameters.AddWithValue("superseded", (time.GetUtcNow() - TimeSpan.FromMinutes(1)).UtcDateTime);
            prune.Parameters.AddWithValue("sync", Sync);
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning(e, "Old live events could not be pruned");
        }
    }

    private async Task ReadAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _incoming.WaitAsync(CatchUpEvery, stopping);
                await ApplyNewAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                logger.LogWarning(e, "The other instances' live events could not be read; trying again soon");
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                _incoming.Set();
            }
        }
    }

    private async Task ApplyNewAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenPostgresAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """SELECT "Id", "Kind", "InboxId", "By", "Payload" FROM "LiveEvents" WHERE "Id" > @after AND "Instance" <> @me ORDER BY "Id" LIMIT 500""",
            connection);
        command.Parameters.AddWithValue("after", _lastSeen);
        command.Parameters.AddWithValue("me", instance.Id);
        var events = new List<LiveEvent>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(new LiveEvent
                {
                    Id = reader.GetInt64(0), Kind = reader.GetString(1), InboxId = reader.IsDBNull(2) ? null : reader.GetInt32(2),
                    By = reader.IsDBNull(3) ? null : reader.GetString(3), Payload = reader.IsDBNull(4) ? null : reader.GetString(4),
                });
            }
        }
        foreach (var live in events)
        {
            _lastSeen = live.Id;
            try
            {
                await ApplyAsync(live, cancellationToken);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                logger.LogWarning(e, "Live event {Id} ({Kind}) could not be applied; skipped", live.Id, live.Kind);
            }
        }
        if (events.Count == 500) _incoming.Set();
    }

    private async Task ApplyAsync(LiveEvent live, CancellationToken cancellationToken)
    {
        switch (live.Kind)
        {
            case Save when live.Payload is { } json:
                _inbox!.ApplyUpdated(JsonSerializer.Deserialize<InboxItem>(json, LuccaJson.Options)!, live.By, fromElsewhere: true);
                break;
            case Book when live.InboxId is { } inboxId:
                _inbox!.Remove(inboxId, live.By, fromElsewhere: true);
                break;
            case Sync when live.Payload is { } json:
                var sync = JsonSerializer.Deserialize<SyncPayload>(json) ?? throw new JsonException("An empty sync");
                var items = sync.Items.Select(i => i.Deserialize<InboxItem>(LuccaJson.Options)!).ToList();
                _inbox!.AdoptSnapshot(items, sync.SyncedAt, sync.ReadFrom);
                break;
            case Audit when long.TryParse(live.Payload, CultureInfo.InvariantCulture, out var entryId):
                await using (var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken))
                {
                    if (await db.AuditEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == entryId, cancellationToken) is { } entry)
                    {
                        await _audit!.ShowRecordedElsewhereAsync(entry, cancellationToken);
                    }
                }
                break;
        }
    }
}
