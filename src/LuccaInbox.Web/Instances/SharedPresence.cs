using LuccaInbox.Web.Data;
using LuccaInbox.Web.Presence;
using Npgsql;

namespace LuccaInbox.Web.Instances;

/// <summary>
/// Presence across the instances sharing PostgreSQL: this instance's viewers are mirrored into "PresenceEntries" (and
/// announced with NOTIFY) as they come, edit and go, and refreshed every Presence:RefreshSeconds (15); the other
/// instances' viewers are read back into <see cref="PresenceService"/>. An entry not refreshed for
/// Presence:StaleSeconds (45) is ignored, so the viewers of an instance that died fade away.
/// </summary>
public sealed class SharedPresence(PresenceService presence, AppDatabase database, AppInstance instance, PostgresListener listener,
    IConfiguration configuration, TimeProvider time, ILogger<SharedPresence> logger) : IHostedService
{
    private readonly TimeSpan _refresh = TimeSpan.FromSeconds(configuration.GetValue("Presence:RefreshSeconds", 15.0));
    private readonly TimeSpan _stale = TimeSpan.FromSeconds(configuration.GetValue("Presence:StaleSeconds", 45.0));
    private readonly WakeUp _here = new();
    private readonly WakeUp _elsewhere = new();
    private readonly CancellationTokenSource _stopping = new();
    private Dictionary<string, (int InboxId, Viewer Viewer)> _written = [];
    private DateTimeOffset _refreshedAt = DateTimeOffset.MinValue;
    private Task _running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        presence.Changed += OnChanged;
        listener.Subscribe(PostgresListener.PresenceChannel, from => { if (from != instance.Id) _elsewhere.Set(); });
        _elsewhere.Set();
        _running = Task.WhenAll(Task.Run(() => ShareLoopAsync(_stopping.Token)), Task.Run(() => ReadLoopAsync(_stopping.Token)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        presence.Changed -= OnChanged;
        await _stopping.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            // Gone at once rather than after the stale period: this instance's viewers are no longer here.
            await using var connection = await database.OpenPostgresAsync(cancellationToken);
            await using var forget = new NpgsqlCommand("""DELETE FROM "PresenceEntries" WHERE "Instance" = @me; SELECT pg_notify(@channel, @me)""", connection);
            forget.Parameters.AddWithValue("me", instance.Id);
            forget.Parameters.AddWithValue("channel", PostgresListener.PresenceChannel);
            await forget.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning(e, "This instance's viewers could not be removed from the shared presence; they fade after {Stale}", _stale);
        }
    }

    private void OnChanged(int inboxId) => _here.Set();

    private async Task ShareLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _here.WaitAsync(_refresh - (time.GetUtcNow() - _refreshedAt) is { Ticks: > 0 } left ? left : TimeSpan.Zero, stopping);
                await ShareAsync(refresh: time.GetUtcNow() - _refreshedAt >= _refresh, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                logger.LogWarning(e, "This instance's viewers could not be shared with the other instances; trying again soon");
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                _here.Set();
            }
        }
    }

    /// <summary>Writes the sessions that came or changed and deletes those gone; every session when <paramref name="refresh"/>.</summary>
    private async Task ShareAsync(bool refresh, CancellationToken cancellationToken)
    {
        var here = presence.Here().ToDictionary(v => v.Viewer.Session);
        var changed = here.Values.Where(v => !_written.TryGetValue(v.Viewer.Session, out var written) || written != v).ToList();
        var gone = _written.Keys.Where(session => !here.ContainsKey(session)).ToArray();
        if (changed.Count == 0 && gone.Length == 0 && !refresh) return;

        var now = time.GetUtcNow();
        await using var connection = await database.OpenPostgresAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (inboxId, viewer) in refresh ? [.. here.Values] : changed)
        {
            await using var upsert = new NpgsqlCommand("""
                INSERT INTO "PresenceEntries" ("Session", "Instance", "InboxId", "UserObjectId", "Name", "IsEditing", "SinceUtc", "SeenAtUtc")
                VALUES (@session, @me, @inboxId, @user, @name, @editing, @since, @seen)
                ON CONFLICT ("Session") DO UPDATE SET "Instance" = @me, "InboxId" = @inboxId, "UserObjectId" = @user, "Name" = @name,
                    "IsEditing" = @editing, "SinceUtc" = @since, "SeenAtUtc" = @seen
                """, connection, transaction);
            upsert.Parameters.AddWithValue("session", viewer.Session);
            upsert.Parameters.AddWithValue("me", instance.Id);
            upsert.Parameters.AddWithValue("inboxId", inboxId);
            upsert.Parameters.AddWithValue("user", viewer.UserObjectId);
            upsert.Parameters.AddWithValue("name", viewer.Name is { Length: > 200 } name ? name[..200] : viewer.Name);
            upsert.Parameters.AddWithValue("editing", viewer.IsEditing);
            upsert.Parameters.AddWithValue("since", viewer.Since.UtcDateTime);
            upsert.Parameters.AddWithValue("seen", now.UtcDateTime);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var delete = new NpgsqlCommand("""DELETE FROM "PresenceEntries" WHERE "Session" = ANY(@gone) OR "SeenAtUtc" < @abandoned""", connection, transaction))
        {
            delete.Parameters.AddWithValue("gone", gone);
            // Rows of instances long gone: nobody reads them any more.
            delete.Parameters.AddWithValue("abandoned", (now - 10 * _stale).UtcDateTime);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (changed.Count > 0 || gone.Length > 0)
        {
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @me)", connection, transaction);
            notify.Parameters.AddWithValue("channel", PostgresListener.PresenceChannel);
            notify.Parameters.AddWithValue("me", instance.Id);
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        _written = here;
        if (refresh) _refreshedAt = now;
    }

    private async Task ReadLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // Woken by the others' changes; besides, now and then, so that a dead instance's viewers fade.
                await _elsewhere.WaitAsync(_stale / 3, stopping);
                presence.SetElsewhere(await ReadElsewhereAsync(stopping));
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                logger.LogWarning(e, "The other instances' viewers could not be read; trying again soon");
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<IReadOnlyDictionary<int, IReadOnlyList<Viewer>>> ReadElsewhereAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenPostgresAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT "InboxId", "Session", "UserObjectId", "Name", "IsEditing", "SinceUtc" FROM "PresenceEntries"
            WHERE "Instance" <> @me AND "SeenAtUtc" >= @fresh
            """, connection);
        command.Parameters.AddWithValue("me", instance.Id);
        command.Parameters.AddWithValue("fresh", (time.GetUtcNow() - _stale).UtcDateTime);
        var viewers = new List<(int InboxId, Viewer Viewer)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                viewers.Add((reader.GetInt32(0), new Viewer(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4),
                    new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc)))));
            }
        }
        return viewers.GroupBy(v => v.InboxId).ToDictionary(g => g.Key, g => (IReadOnlyList<Viewer>)g.Select(v => v.Viewer).ToList());
    }
}
