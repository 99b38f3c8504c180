using System.Threading.RateLimiting;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Instances;
using Microsoft.Extensions.DependencyInjection;
using static LuccaInbox.Tests.Lucca.ResilienceSupport;

namespace LuccaInbox.Tests.Instances;

/// <summary>
/// Several instances on one PostgreSQL spend one Lucca budget per tenant: at most Lucca:RequestsPerMinute grants in any
/// window counted across all of them (by the database's clock), each instance's lanes compared with that shared count,
/// and a 429 seen by one lowering what every one may send.
/// </summary>
public sealed class SharedBudgetTests
{
    private const string Tenant = "tenant.ilucca.test";

    [Fact]
    public async Task Budget_two_instances_hammering_one_tenant_never_grant_more_than_the_limit_in_any_window_together()
    {
        const int limit = 20;
        var window = TimeSpan.FromSeconds(2);
        var db = await SharedBudgetDatabase.CreateAsync("budget_hammer");
        await using var first = db.Instance(limit, window);
        await using var second = db.Instance(limit, window);

        // Ten writes, ten reads and ten background requests on each instance at once: 3 × the limit in all.
        var requests = new[] { first, second }.SelectMany(instance => Mixed(BudgetOf(instance), 10)).ToList();
        var leases = await Eventually.WithinAsync(Task.WhenAll(requests), "sixty requests at twenty per window");

        Assert.All(leases, lease => Assert.True(lease.IsAcquired));
        var times = await db.GrantTimesAsync();
        Assert.Equal(3 * limit, times.Count);
        var budgetWindow = LuccaRequestBudget.WithMargin(window);
        var most = SharedBudgetDatabase.MostInAnyWindow(times, budgetWindow);
        Assert.True(most <= limit, $"{most} grants in one {budgetWindow.TotalSeconds} s window, across both instances");
        Assert.True(times[^1] - times[0] >= 2 * budgetWindow, $"sixty grants within {(times[^1] - times[0]).TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task Budget_lanes_of_both_instances_leave_writes_and_reads_their_share_of_the_shared_count()
    {
        const int limit = 10;
        var db = await SharedBudgetDatabase.CreateAsync("budget_lanes");
        await using var first = db.Instance(limit, TimeSpan.FromSeconds(10));
        await using var second = db.Instance(limit, TimeSpan.FromSeconds(10));
        var budgets = new[] { BudgetOf(first), BudgetOf(second) };
        var writeReserve = LuccaRateLimitHandler.WriteReserve(limit, percent: 20);
        using var end = new CancellationTokenSource();

        // Ten files on each instance: together they may take 10 - 2 - 10/5 = 6 slots, not 6 each.
        var files = budgets.SelectMany(b => Enumerable.Range(0, 10).Select(_ => b.AcquireBackgroundAsync(writeReserve + limit / 5, end.Token).AsTask())).ToList();
        await Eventually.TrueAsync(() => files.Count(t => t.IsCompleted) == 6 && budgets.Sum(b => b.GetStatistics().CurrentQueuedCount) == 14,
            "six files granted, the other fourteen queued");
        // Three reads on each: together they may fill the window up to 10 - 2 = 8, so two of the six go.
        var reads = budgets.SelectMany(b => Enumerable.Range(0, 3).Select(_ => b.AcquireReadAsync(writeReserve, end.Token).AsTask())).ToList();
        await Eventually.TrueAsync(() => reads.Count(t => t.IsCompleted) == 2, "two reads granted");

        // A write on each instance still finds its reserve, with the files and reads of both queued in front.
        var writes = budgets.Select(b => b.AcquireAsync(1, end.Token).AsTask()).ToList();
        await Eventually.WithinAsync(Task.WhenAll(writes), "a write on each instance", TimeSpan.FromSeconds(5));

        Assert.Equal(6, files.Count(t => t.IsCompletedSuccessfully));
        Assert.Equal(2, reads.Count(t => t.IsCompletedSuccessfully));
        Assert.Equal(limit, (await db.GrantTimesAsync()).Count);
        Assert.Equal(limit, await budgets[0].Log.CountInWindowAsync(CancellationToken.None));
        await end.CancelAsync();
    }

    [Fact]
    public async Task Budget_two_instances_share_one_limit_where_two_in_memory_budgets_would_each_spend_it()
    {
        const int limit = 10;
        var window = LuccaRequestBudget.WithMargin(TimeSpan.FromMinutes(1));
        using var inMemoryFirst = new SlidingWindowLogRateLimiter(limit, window, TimeProvider.System);
        using var inMemorySecond = new SlidingWindowLogRateLimiter(limit, window, TimeProvider.System);
        var db = await SharedBudgetDatabase.CreateAsync("budget_contrast");
        await using var first = db.Instance(limit, TimeSpan.FromMinutes(1));
        await using var second = db.Instance(limit, TimeSpan.FromMinutes(1));

        var inMemory = await GrantedOfAsync([inMemoryFirst, inMemorySecond], attemptsEach: 2 * limit);
        var shared = await GrantedOfAsync([BudgetOf(first), BudgetOf(second)], attemptsEach: 2 * limit);

        Assert.Equal(2 * limit, inMemory); // what two instances sent before: twice the tenant's budget
        Assert.Equal(limit, shared);
        Assert.Equal(limit, (await db.GrantTimesAsync(Tenant)).Count);
    }

    [Fact]
    public async Task Budget_requests_through_the_client_of_two_instances_are_counted_in_the_shared_table()
    {
        var db = await SharedBudgetDatabase.CreateAsync("budget_http");
        await using var first = await LuccaTestHost.StartAsync(services: s => s.AddSharedLuccaBudget(db.Database));
        await using var second = LuccaTestHost.On(first.Emulator, services: s => s.AddSharedLuccaBudget(db.Database));

        await first.Api.GetInboxAsync(null, 1, 1, null);
        await second.Api.GetInboxAsync(null, 1, 2, null);

        var host = first.Emulator.BaseUrl.Authority.ToLowerInvariant();
        Assert.Equal(2, (await db.GrantTimesAsync(host)).Count);
        Assert.Equal(2, await first.Limiter().Log.CountInWindowAsync(CancellationToken.None));
        Assert.Equal(2, second.Limiter().UsedInWindow); // the count its own grant saw: the first instance's and its own
    }

    [Fact]
    public async Task Budget_a_429_seen_by_one_instance_lowers_what_the_other_may_send()
    {
        var db = await SharedBudgetDatabase.CreateAsync("budget_429");
        var settings = Settings(("RequestsPerMinute", 8), ("MaxRetries", 0));
        await using var first = await LuccaTestHost.StartAsync(clientSettings: settings, services: s => s.AddSharedLuccaBudget(db.Database));
        await using var second = LuccaTestHost.On(first.Emulator, settings, s => s.AddSharedLuccaBudget(db.Database));
        first.Emulator.Faults.Enqueue(new ScriptedFault { Status = 429, RetryAfterSeconds = 1, PathContains = "/services/inbox", Times = 1 });

        var error = await Assert.ThrowsAsync<LuccaApiException>(() => first.Api.GetInboxAsync(null, 1, 1, null));
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, error.StatusCode);

        var granted = await GrantedOfAsync([second.Limiter()], attemptsEach: 8);
        Assert.Equal(3, granted); // 8 halved to 4, less the request that got the 429
        Assert.Equal(4, second.Limiter().CurrentLimit);
        Assert.Equal(8, second.Limiter().PermitLimit);
    }

    [Fact]
    public async Task Budget_the_shared_limit_halves_once_for_a_burst_of_429s_and_recovers_one_per_quiet_window()
    {
        var window = TimeSpan.FromSeconds(5);
        var budgetWindow = LuccaRequestBudget.WithMargin(window);
        var db = await SharedBudgetDatabase.CreateAsync("budget_recovery");
        await using var first = db.Instance(8, window);
        await using var second = db.Instance(8, window);
        var (seeing, other) = (BudgetOf(first), BudgetOf(second));

        await seeing.ReportRateLimitedAsync();
        await other.ReportRateLimitedAsync(); // the same burst, seen by the other instance: no second halving
        var sinceLastChange = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(4, other.CurrentLimit);
        Assert.Equal(4, await GrantedOfAsync([other], attemptsEach: 8));

        // Once those grants have left the window, and one whole window (but not two) has passed without a 429: one back.
        await Task.Delay(budgetWindow + TimeSpan.FromMilliseconds(100));
        var granted = await GrantedOfAsync([seeing], attemptsEach: 8);
        Assert.True(sinceLastChange.Elapsed < 2 * budgetWindow, $"{sinceLastChange.Elapsed.TotalSeconds:0.0} s: too slow to tell one window from two");
        Assert.Equal(5, granted);
        Assert.Equal(5, seeing.CurrentLimit);
    }

    [Fact]
    public async Task Budget_a_database_that_does_not_answer_fails_the_request_instead_of_sending_it_unbudgeted()
    {
        var unreachable = AppDatabase.Postgres("Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2");
        await using var host = await LuccaTestHost.StartAsync(clientSettings: Settings(("MaxRetries", 2)), services: s => s.AddSharedLuccaBudget(unreachable));
        host.Emulator.Requests.Clear();

        var error = await Assert.ThrowsAsync<LuccaBudgetUnavailableException>(() => host.Api.GetInboxAsync(null, 1, 1, null));

        Assert.Contains("was not sent", error.Message);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public void Budget_is_counted_in_the_database_on_postgres_and_in_memory_on_sqlite()
    {
        static IRequestGrantLogFactory? LogsFor(AppDatabase database)
        {
            var folder = Path.Combine(Path.GetTempPath(), "luccainbox-tests", Guid.NewGuid().ToString("N"));
            using var services = new ServiceCollection().AddLogging()
                .AddInvoiceWork(Path.Combine(folder, "previews"), Path.Combine(folder, "checkpoints.log"), database).BuildServiceProvider();
            return services.GetService<IRequestGrantLogFactory>();
        }

        Assert.IsType<PostgresRequestGrantLogs>(LogsFor(AppDatabase.Postgres("Host=127.0.0.1;Database=unused")));
        Assert.Null(LogsFor(AppDatabase.Sqlite("Data Source=unused.db")));
    }

    private static SlidingWindowLogRateLimiter BudgetOf(IServiceProvider instance) => instance.GetRequiredService<LuccaRequestBudget>().For(Tenant);

    /// <summary>As LuccaRateLimitHandler asks: writes with no reserve, reads leaving the writes' share, files a fifth more.</summary>
    private static IEnumerable<Task<RateLimitLease>> Mixed(SlidingWindowLogRateLimiter budget, int each)
    {
        var writeReserve = LuccaRateLimitHandler.WriteReserve(budget.CurrentLimit, percent: 20);
        for (var i = 0; i < each; i++)
        {
            yield return budget.AcquireAsync(1).AsTask();
            yield return budget.AcquireReadAsync(writeReserve).AsTask();
            yield return budget.AcquireBackgroundAsync(writeReserve + budget.CurrentLimit / 5).AsTask();
        }
    }

    /// <summary>How many of the attempts (all at once, none queueing) the budgets grant.</summary>
    private static async Task<int> GrantedOfAsync(SlidingWindowLogRateLimiter[] budgets, int attemptsEach)
    {
        var attempts = budgets.SelectMany(b => Enumerable.Range(0, attemptsEach).Select(_ => b.AttemptAcquireBackgroundAsync(reserve: 0).AsTask()));
        var leases = await Task.WhenAll(attempts);
        return leases.Count(l => l.IsAcquired);
    }
}
