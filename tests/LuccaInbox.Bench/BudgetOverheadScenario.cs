using System.Diagnostics;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LuccaInbox.Bench;

/// <summary>
/// What asking the Lucca budget for a slot costs, with a limit no grant waits for: in memory (one instance) and in
/// PostgreSQL (shared by every instance: one round trip under an advisory lock). One caller after another gives the
/// latency of a grant; two instances with three lanes each asking at once give the throughput the lock allows.
/// The window is short (0.1 s, 0.2 s with the margin) so the live grants stay few, as at Lucca's real 50 a minute.
/// </summary>
public static class BudgetOverheadScenario
{
    private const string Tenant = "tenant.ilucca.test";
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    public static async Task<object> RunAsync(int grants)
    {
        var connectionString = await MigratedDatabaseAsync();
        using var logs = new PostgresRequestGrantLogs(connectionString, NullLoggerFactory.Instance);
        return new
        {
            windowMs = LuccaRequestBudget.WithMargin(Window).TotalMilliseconds,
            grants,
            inMemory = await MeasureAsync(() => Budget(null), grants),
            postgres = await MeasureAsync(() => Budget(logs), grants),
            postgresServer = Redacted(connectionString),
        };
    }

    private sealed record Figures(double P50Us, double P95Us, double P99Us, double MeanUs, double ConcurrentGrantsPerSecond, int ConcurrentCallers);

    private static async Task<Figures> MeasureAsync(Func<LuccaRequestBudget> budgetFor, int grants)
    {
        using var budget = budgetFor();
        var limiter = budget.For(Tenant);
        for (var i = 0; i < Math.Min(200, grants / 10); i++) (await limiter.AcquireAsync(1)).Dispose(); // warm-up: JIT, pool
        var times = new double[grants];
        for (var i = 0; i < grants; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var lease = await limiter.AcquireAsync(1);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
        Array.Sort(times);

        // Two instances (budgets), each with a write, a read and a background caller asking in a loop.
        using var other = budgetFor();
        var limiters = new[] { limiter, other.For(Tenant) };
        var clock = Stopwatch.StartNew();
        var perCaller = grants / 6;
        await Task.WhenAll(limiters.SelectMany(l => new Func<ValueTask<System.Threading.RateLimiting.RateLimitLease>>[]
        {
            () => l.AcquireAsync(1), () => l.AcquireReadAsync(10), () => l.AcquireBackgroundAsync(20),
        }).Select(acquire => Task.Run(async () =>
        {
            for (var i = 0; i < perCaller; i++) (await acquire()).Dispose();
        })));
        var perSecond = 6 * perCaller / clock.Elapsed.TotalSeconds;
        return new Figures(At(times, 0.50), At(times, 0.95), At(times, 0.99), Math.Round(times.Average(), 1), Math.Round(perSecond), 6);
    }

    private static double At(double[] sorted, double quantile) => Math.Round(sorted[(int)Math.Min(sorted.Length - 1, quantile * sorted.Length)], 1);

    private static LuccaRequestBudget Budget(IRequestGrantLogFactory? logs) =>
        new(Options.Create(new LuccaOptions { RequestsPerMinute = 1_000_000, RateLimitWindow = Window }), TimeProvider.System, logs);

    /// <summary>A new database on the tests' server (LUCCAINBOX_TEST_POSTGRES, else a throwaway cluster from .ci/postgres).</summary>
    private static async Task<string> MigratedDatabaseAsync()
    {
        var database = AppDatabase.Postgres(await LuccaInbox.Tests.Support.PostgresServer.CreateDatabaseAsync("bench_budget"));
        var services = new ServiceCollection().AddLogging().AddSingleton(database).AddDbContextFactory<AppDbContext, AppDbContextFactory>(database.Configure);
        await using var provider = services.BuildServiceProvider();
        await AppMigrations.ApplyAsync(provider);
        return database.ConnectionString;
    }

    private static string Redacted(string connectionString)
    {
        var keys = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{keys.Host}:{keys.Port} (local, fsync off)";
    }
}
