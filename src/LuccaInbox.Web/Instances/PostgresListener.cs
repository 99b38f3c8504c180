using System.Collections.Concurrent;
using LuccaInbox.Web.Data;
using Npgsql;

namespace LuccaInbox.Web.Instances;

/// <summary>
/// This instance's one LISTEN connection to PostgreSQL, shared by whatever needs to hear the other instances. Each
/// subscriber is called with a notification's payload, and with null after every (re)connect: notifications sent while
/// nobody listened are lost, so the subscriber catches up from its table then.
/// </summary>
public sealed class PostgresListener(AppDatabase database, AppInstance instance, ILogger<PostgresListener> logger) : BackgroundService
{
    public const string LiveChannel = "luccainbox_live";
    public const string PresenceChannel = "luccainbox_presence";
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, Action<string?>> _subscribers = new();

    /// <summary>How this instance's listening connection is named in pg_stat_activity.</summary>
    public string ApplicationName { get; } = ("luccainbox-listen " + instance.Id) is var name && name.Length > 63 ? name[..63] : name;

    /// <summary>One subscriber per channel. What was notified before it subscribed went to nobody: it catches up by itself.</summary>
    public void Subscribe(string channel, Action<string?> onNotified) => _subscribers[channel] = onNotified;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromSeconds(0.5);
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = ApplicationName, Pooling = false }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Notify(e.Channel, e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {LiveChannel}; LISTEN {PresenceChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                pause = TimeSpan.FromSeconds(0.5);
                foreach (var channel in _subscribers.Keys) Notify(channel, null);
                while (true)
                {
                    // A connection that died without a word (a cut network) is found by asking something now and then.
                    if (await connection.WaitAsync(Probe, stoppingToken)) continue;
                    await using var probe = new NpgsqlCommand("SELECT 1", connection);
                    await probe.ExecuteScalarAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(e, "Listening to the other instances failed; trying again in {Pause}", pause);
                try
                {
                    await Task.Delay(pause, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

    private void Notify(string channel, string? payload)
    {
        if (!_subscribers.TryGetValue(channel, out var subscriber)) return;
        try
        {
            subscriber(payload);
        }
        catch (Exception e)
        {
            logger.LogError(e, "A subscriber to {Channel} failed", channel);
        }
    }
}

/// <summary>A wake-up that coalesces: however often it is set meanwhile, the waiter wakes once.</summary>
public sealed class WakeUp
{
    private readonly System.Threading.Channels.Channel<bool> _signal =
        System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1)
        {
            FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite,
        });

    public void Set() => _signal.Writer.TryWrite(true);

    /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await _signal.Reader.ReadAsync(bounded.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

public static class PostgresConnections
{
    /// <summary>An open connection to the app's PostgreSQL database, for the coordination tables (outside EF: raw SQL and NOTIFY).</summary>
    public static async Task<NpgsqlConnection> OpenPostgresAsync(this AppDatabase database, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
