using LuccaInbox.Lucca.Http;
using LuccaInbox.Web.Data;
using Npgsql;

namespace LuccaInbox.Web.Instances;

/// <summary>
/// One tenant's grant log in PostgreSQL, shared by every instance on the database ("LuccaRequestGrants", "LuccaBudgets"):
/// each attempt is one round trip, a batch that takes the tenant's advisory lock and then, in one statement, forgets the
/// grants that left the window, counts the others, records a grant if the lane has room, or says how long until it may.
/// Times are the database's (clock_timestamp()), so the instances' clocks need not agree. The limit in force (lowered
/// after a 429, recovered one per quiet window) is the shared row's; only a 429 writes it, a grant derives the recovery.
/// </summary>
public sealed class PostgresRequestGrantLog(NpgsqlDataSource dataSource, string host, int permitLimit, TimeSpan window,
    ILogger<PostgresRequestGrantLog> logger) : RequestGrantLog(permitLimit, window)
{
    private const int Attempts = 3;
    private static readonly TimeSpan PauseAfterTransientFailure = TimeSpan.FromMilliseconds(200);

    // The batch runs in one implicit transaction (one Sync): the lock is held until the grant below is committed, and the
    // grant statement, started after the lock, sees every grant committed before it.
    private const string TakeTurnSql = "SELECT pg_advisory_xact_lock(hashtext('luccainbox:lucca-budget:' || $1))";

    // $1 host, $2 permit limit, $3 window, $4 reserve. The recovered limit: one back per whole window since the last change.
    private const string GrantSql = """
        WITH clock AS MATERIALIZED (SELECT clock_timestamp() AS now),
        expired AS (
            DELETE FROM "LuccaRequestGrants" g USING clock WHERE g."Host" = $1 AND g."GrantedAtUtc" <= clock.now - $3),
        live AS (
            SELECT g."GrantedAtUtc" AS at, row_number() OVER (ORDER BY g."GrantedAtUtc") AS nth
            FROM "LuccaRequestGrants" g, clock WHERE g."Host" = $1 AND g."GrantedAtUtc" > clock.now - $3),
        lane AS (
            SELECT limits.current_limit, counted.used,
                   limits.current_limit - LEAST(GREATEST($4, 0), limits.current_limit - 1) AS lane_limit
            FROM (SELECT COALESCE(LEAST($2, b."CurrentLimit"
                         + GREATEST(0, floor(extract(epoch FROM clock.now - b."LastChangeUtc") / extract(epoch FROM $3)))::int), $2) AS current_limit
                  FROM clock LEFT JOIN "LuccaBudgets" b ON b."Host" = $1) limits,
                 (SELECT count(*)::int AS used FROM live) counted),
        granted AS (
            INSERT INTO "LuccaRequestGrants" ("Host", "GrantedAtUtc")
            SELECT $1, clock.now FROM clock, lane WHERE lane.used < lane.lane_limit)
        SELECT lane.used < lane.lane_limit, lane.current_limit, lane.used,
               COALESCE(extract(epoch FROM (SELECT live.at FROM live WHERE live.nth = lane.used - lane.lane_limit + 1) + $3 - clock.now), 0)::float8
        FROM lane, clock
        """;

    // The shared limit as it has recovered by the time of this 429: one back per whole window since the last change.
    private const string RecoveredLimit =
        """LEAST($2, b."CurrentLimit" + GREATEST(0, floor(extract(epoch FROM EXCLUDED."LastChangeUtc" - b."LastChangeUtc") / extract(epoch FROM $3)))::int)""";

    // $1 host, $2 permit limit, $3 window. As InMemoryRequestGrantLog.ReportRateLimited: recover, then halve unless a 429
    // already halved it less than a window ago; either way the recovery starts again now (EXCLUDED."LastChangeUtc").
    private const string ReportRateLimitedSql = $$"""
        INSERT INTO "LuccaBudgets" AS b ("Host", "CurrentLimit", "LastChangeUtc", "LastDecreaseUtc")
        SELECT $1, GREATEST(1, $2 / 2), now, now FROM (SELECT clock_timestamp() AS now) clock
        ON CONFLICT ("Host") DO UPDATE SET
            "CurrentLimit" = CASE WHEN b."LastDecreaseUtc" IS NOT NULL AND EXCLUDED."LastChangeUtc" - b."LastDecreaseUtc" < $3
                THEN {{RecoveredLimit}} ELSE GREATEST(1, {{RecoveredLimit}} / 2) END,
            "LastDecreaseUtc" = CASE WHEN b."LastDecreaseUtc" IS NOT NULL AND EXCLUDED."LastChangeUtc" - b."LastDecreaseUtc" < $3
                THEN b."LastDecreaseUtc" ELSE EXCLUDED."LastChangeUtc" END,
            "LastChangeUtc" = EXCLUDED."LastChangeUtc"
        RETURNING "CurrentLimit"
        """;

    private const string CountSql = """
        SELECT count(*)::int FROM "LuccaRequestGrants" WHERE "Host" = $1 AND "GrantedAtUtc" > clock_timestamp() - $2
        """;

    private readonly string _host = host.ToLowerInvariant();
    private volatile int _lastLimit = permitLimit;
    private volatile int _lastUsed;

    public override int CurrentLimit => _lastLimit;

    public override int UsedInWindow => _lastUsed;

    public override async ValueTask<GrantAttempt> TryGrantAsync(int reserve, CancellationToken cancellationToken)
    {
        var (granted, limit, used, waitSeconds) = await WithRetriesAsync(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(TakeTurnSql) { Parameters = { new() { Value = _host } } },
                    new NpgsqlBatchCommand(GrantSql)
                    {
                        Parameters = { new() { Value = _host }, new() { Value = PermitLimit }, new() { Value = Window }, new() { Value = reserve } },
                    },
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return (reader.GetBoolean(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetDouble(3));
        }, cancellationToken).ConfigureAwait(false);
        _lastLimit = limit;
        _lastUsed = used + (granted ? 1 : 0);
        if (granted) return GrantAttempt.Now;
        var wait = TimeSpan.FromSeconds(waitSeconds);
        return new GrantAttempt(false, wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : wait);
    }

    /// <summary>A failure here is logged, not thrown: the 429 itself still reaches the caller's retry policy.</summary>
    public override async ValueTask ReportRateLimitedAsync(CancellationToken cancellationToken)
    {
        try
        {
            _lastLimit = await WithRetriesAsync(async () =>
            {
                await using var command = dataSource.CreateCommand(ReportRateLimitedSql);
                command.Parameters.Add(new() { Value = _host });
                command.Parameters.Add(new() { Value = PermitLimit });
                command.Parameters.Add(new() { Value = Window });
                return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (LuccaBudgetUnavailableException e)
        {
            logger.LogWarning(e.InnerException, "Lucca answered 429 but the shared budget for {Host} could not be lowered", _host);
        }
    }

    public override async ValueTask<int> CountInWindowAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CountSql);
        command.Parameters.Add(new() { Value = _host });
        command.Parameters.Add(new() { Value = Window });
        _lastUsed = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return _lastUsed;
    }

    /// <summary>A transient failure (a dropped connection, a restart) is tried again twice, briefly; then, or at once for
    /// any other failure, the request fails with <see cref="LuccaBudgetUnavailableException"/> instead of going unbudgeted.</summary>
    private async Task<T> WithRetriesAsync<T>(Func<Task<T>> ask, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ask().ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt < Attempts && e is NpgsqlException { IsTransient: true })
                {
                    logger.LogDebug(e, "The shared Lucca budget for {Host} did not answer (attempt {Attempt}); trying again", _host, attempt);
                    await Task.Delay(PauseAfterTransientFailure, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                logger.LogError(e, "The shared Lucca budget for {Host} could not be consulted", _host);
                throw new LuccaBudgetUnavailableException(_host, e);
            }
        }
    }
}

/// <summary>The shared grant logs of every tenant host, on one pooled data source.</summary>
public sealed class PostgresRequestGrantLogs(string connectionString, ILoggerFactory loggers) : IRequestGrantLogFactory, IDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public RequestGrantLog Create(string host, int permitLimit, TimeSpan window) =>
        new PostgresRequestGrantLog(_dataSource, host, permitLimit, window, loggers.CreateLogger<PostgresRequestGrantLog>());

    public void Dispose() => _dataSource.Dispose();
}

public static class SharedLuccaBudget
{
    /// <summary>Every instance on <paramref name="database"/> spends one request budget per Lucca tenant, counted in it.</summary>
    public static IServiceCollection AddSharedLuccaBudget(this IServiceCollection services, AppDatabase database) =>
        services.AddSingleton<IRequestGrantLogFactory>(sp => new PostgresRequestGrantLogs(database.ConnectionString, sp.GetRequiredService<ILoggerFactory>()));
}
