using System.Collections.Concurrent;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Instances;
using Medallion.Threading.Postgres;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// One booking per document at a time: a double click, a second tab or a colleague (on any instance) is told who is
/// booking it, and never sends a second POST. In one process on SQLite; across instances on PostgreSQL.
/// </summary>
public abstract class BookingGuard
{
    /// <summary>The document's turn for <paramref name="userName"/>, or, when someone else holds it, their name.</summary>
    public abstract Task<BookingTurn> TryBeginAsync(int inboxId, string userName, CancellationToken cancellationToken = default);

    public static BookingGuard For(IServiceProvider services) => services.GetRequiredService<AppDatabase>().IsPostgres
        ? ActivatorUtilities.CreateInstance<PostgresBookingGuard>(services)
        : new InProcessBookingGuard();
}

/// <summary>Held until disposed; <see cref="HeldBy"/> names whoever has the turn instead when this one was not given.</summary>
public sealed class BookingTurn(Func<ValueTask>? release, string? heldBy) : IAsyncDisposable
{
    private Func<ValueTask>? _release = release;

    public bool IsMine => heldBy is null;
    public string HeldBy => heldBy ?? "";

    public static BookingTurn Refused(string heldBy) => new(null, heldBy);

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _release, null)?.Invoke() ?? ValueTask.CompletedTask;
}

/// <summary>One app on its own (SQLite): the guard is this instance's memory. The service is a singleton, so two apps
/// (or test hosts) in one process stay apart.</summary>
public sealed class InProcessBookingGuard : BookingGuard
{
    private readonly ConcurrentDictionary<int, string> _inFlight = new();

    public override Task<BookingTurn> TryBeginAsync(int inboxId, string userName, CancellationToken cancellationToken = default) =>
        Task.FromResult(_inFlight.TryAdd(inboxId, userName)
            ? new BookingTurn(() => { _inFlight.TryRemove(inboxId, out _); return ValueTask.CompletedTask; }, null)
            : BookingTurn.Refused(_inFlight.GetValueOrDefault(inboxId, "Someone")));
}

/// <summary>
/// Several instances on one PostgreSQL: the turn is an advisory lock per inbox id, held on a connection of its own (an
/// instance that dies releases it with its connection), plus a "BookingClaims" row written while it is held, so that a
/// second attempt from any instance is told who is booking. The row is only a name: the lock is the guarantee, and a
/// row left by a dead instance is overwritten by the next holder.
/// </summary>
public sealed class PostgresBookingGuard(AppDatabase database, IDbContextFactory<AppDbContext> dbFactory, AppInstance instance, TimeProvider time,
    ILogger<PostgresBookingGuard> logger) : BookingGuard
{
    public override async Task<BookingTurn> TryBeginAsync(int inboxId, string userName, CancellationToken cancellationToken = default)
    {
        var advisoryLock = new PostgresDistributedLock(new PostgresAdvisoryLockKey("luccainbox:book:" + inboxId, allowHashing: true), database.ConnectionString);
        var handle = await advisoryLock.TryAcquireAsync(TimeSpan.Zero, cancellationToken);
        if (handle is null) return BookingTurn.Refused(await HolderAsync(inboxId, cancellationToken));
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var name = Truncate(userName, 200);
            var now = time.GetUtcNow().UtcDateTime;
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "BookingClaims" ("InboxId", "UserName", "Instance", "ClaimedAtUtc") VALUES ({inboxId}, {name}, {instance.Id}, {now})
                ON CONFLICT ("InboxId") DO UPDATE SET "UserName" = EXCLUDED."UserName", "Instance" = EXCLUDED."Instance", "ClaimedAtUtc" = EXCLUDED."ClaimedAtUtc"
                """, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The lock holds the turn; without the row a colleague is told "Someone" instead of a name.
            logger.LogWarning(e, "Could not record who is booking inbox item {InboxId}", inboxId);
        }
        return new BookingTurn(async () =>
        {
            try
            {
                // Before the lock goes: the next holder's row is never the one deleted.
                await using var db = await dbFactory.CreateDbContextAsync();
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"""DELETE FROM "BookingClaims" WHERE "InboxId" = {inboxId} AND "Instance" = {instance.Id}""");
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not clear the booking claim of inbox item {InboxId}; the next booking overwrites it", inboxId);
            }
            finally
            {
                await handle.DisposeAsync();
            }
        }, null);
    }

    /// <summary>The holder writes its row right after taking the lock: a moment's patience finds it.</summary>
    private async Task<string> HolderAsync(int inboxId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var name = await db.Set<BookingClaim>().AsNoTracking().Where(c => c.InboxId == inboxId).Select(c => c.UserName).FirstOrDefaultAsync(cancellationToken);
                if (!string.IsNullOrWhiteSpace(name)) return name;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read who is booking inbox item {InboxId}", inboxId);
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        return "Someone";
    }

    private static string Truncate(string value, int length) => value.Length > length ? value[..length] : value;
}
