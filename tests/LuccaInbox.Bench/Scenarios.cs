using System.Diagnostics;
using System.Text.Json;
using LuccaInbox.Emulator.Seeding;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LuccaInbox.Bench;

public static class Scenarios
{
    // The grid's "today" (overdue buckets): a fixed day, so runs compare.
    private static readonly DateOnly Today = new(2026, 12, 2);
    private static readonly AppUser[] Users = Enumerable.Range(1, 5)
        .Select(i => new AppUser($"bench-user-{i}", $"Bench user {i}", $"user{i}@bench.test", AppRoles.All.ToHashSet(), false))
        .ToArray();

    public static async Task<object> FullSyncAsync(int documents, int latencyMs)
    {
        await using var host = await BenchHost.StartAsync(documents, latencyMs);
        var clock = Stopwatch.StartNew();
        var snapshot = await host.Inbox.GetAsync(forceRefresh: true);
        clock.Stop();
        return new
        {
            documents = snapshot.Items.Count,
            luccaRequests = host.RequestsSoFar,
            expectedRequests = 1 + (int)Math.Ceiling(documents / 1000.0),
            tooManyRequests = host.TooManyRequestsSoFar,
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
        };
    }

    public static object GridQueries(int documents)
    {
        var seed = InvoiceSeeder.Generate(42, documents, DateTimeOffset.UtcNow);
        var build = Stopwatch.StartNew();
        var items = seed.InboxItems.Select(i => i.Deserialize<InboxItem>(LuccaJson.Options)!).ToList();
        var snapshot = new InboxSnapshot(items, DateTimeOffset.UtcNow);
        build.Stop();

        InboxQuery[] queries =
        [
            new(), new() { Sort = "amount" }, new() { Sort = "due", Descending = false }, new() { OcrStatuses = ["Failed"] },
            new() { OcrStatuses = ["Processed", "NotApplicable"], Sort = "date" }, new() { Search = "2026" }, new() { Search = "cloud" },
            new() { Currency = "USD", Sort = "amount" }, new() { Type = "CreditNote" }, new() { AmountMin = 1000, AmountMax = 5000 },
            new() { DueTo = DateOnly.FromDateTime(DateTime.Today) , Sort = "due", Descending = false }, new() { Page = 50, PageSize = 100 },
            new() { Sort = "purchase" }, new() { Sort = "owner", Page = 3 }, new() { OwnerId = 13 }, new() { Search = "inv", OcrStatuses = ["Processed"] },
            new() { DocumentDateFrom = DateOnly.FromDateTime(DateTime.Today.AddDays(-30)) }, new() { Sort = "number", PageSize = 50 },
            new() { Currency = "EUR", Type = "Invoice", AmountMin = 100, Sort = "amount", Descending = false }, new() { Search = "zzz-no-match" },
        ];
        _ = InboxQueries.Run(snapshot, queries[0], Today); // warm-up
        var timings = queries.Select(q =>
        {
            var clock = Stopwatch.StartNew();
            _ = InboxQueries.Run(snapshot, q, Today);
            return clock.Elapsed.TotalMilliseconds;
        }).Order().ToList();
        return new
        {
            documents,
            queries = queries.Length,
            snapshotBuildMs = Math.Round(build.Elapsed.TotalMilliseconds, 1),
            p50Ms = Math.Round(Percentile(timings, 0.50), 2),
            p95Ms = Math.Round(Percentile(timings, 0.95), 2),
            maxMs = Math.Round(timings[^1], 2),
        };
    }

    private enum Step { Page, Open, Preview, Save, Book }

    /// <summary>5 users × 40 actions, the same script twice: through the app (shared snapshot, image cache) and
    /// through a pass-through client that asks Lucca for every view.</summary>
    public static async Task<object> MorningAsync(int documents, int latencyMs, int users, int actionsPerUser)
    {
        var script = MorningScript(users, actionsPerUser);
        MorningResult app, baseline;
        await using (var host = await BenchHost.StartAsync(documents, latencyMs)) app = await RunMorningAsync([host], script, passThrough: false);
        await using (var host = await BenchHost.StartAsync(documents, latencyMs)) baseline = await RunMorningAsync([host], script, passThrough: true);
        return new
        {
            users,
            actionsPerUser,
            actions = script.SelectMany(s => s).GroupBy(s => s.Step.ToString()).ToDictionary(g => g.Key, g => g.Count()),
            app,
            passThroughBaseline = baseline,
            requestsSaved = $"{100.0 * (1 - (double)app.LuccaRequests / baseline.LuccaRequests):0}%",
        };
    }

    /// <summary>The same morning with its users spread over two app instances on one PostgreSQL database and one Lucca
    /// (the tenant's budget shared through the database), against the same morning on one instance, on SQLite and on PostgreSQL.</summary>
    public static async Task<object> MorningAcrossInstancesAsync(int documents, int latencyMs, int users, int actionsPerUser, Func<Task<string>> newPostgresDatabase)
    {
        var script = MorningScript(users, actionsPerUser);
        MorningResult oneInstance, oneInstanceOnPostgres, twoInstances;
        await using (var host = await BenchHost.StartAsync(documents, latencyMs)) oneInstance = await RunMorningAsync([host], script, passThrough: false);
        await using (var emulator = await BenchHost.StartEmulatorAsync(documents, latencyMs, BenchHost.Window))
        {
            await using var alone = await BenchHost.StartInstanceAsync(emulator, AppDatabase.Postgres(await newPostgresDatabase()), BenchHost.Window);
            oneInstanceOnPostgres = await RunMorningAsync([alone], script, passThrough: false);
        }
        await using (var emulator = await BenchHost.StartEmulatorAsync(documents, latencyMs, BenchHost.Window))
        {
            var database = AppDatabase.Postgres(await newPostgresDatabase());
            await using var a = await BenchHost.StartInstanceAsync(emulator, database, BenchHost.Window);
            await using var b = await BenchHost.StartInstanceAsync(emulator, database, BenchHost.Window);
            twoInstances = await RunMorningAsync([a, b], script, passThrough: false);
        }
        return new { users, actionsPerUser, instances = 2, oneInstance, oneInstanceOnPostgres, twoInstances };
    }

    private static List<List<(Step Step, int Pick)>> MorningScript(int users, int actionsPerUser)
    {
        var random = new Random(7);
        return Enumerable.Range(0, users).Select(_ => Enumerable.Range(0, actionsPerUser).Select(_ => (
            Step: random.NextDouble() switch { < 0.40 => Step.Page, < 0.65 => Step.Open, < 0.85 => Step.Preview, < 0.95 => Step.Save, _ => Step.Book },
            Pick: random.Next(0, 60))).ToList()).ToList();
    }

    private sealed record MorningResult(int LuccaRequests, int TooManyRequests, double Seconds, int Booked, int Saved);

    /// <summary>Each user works on one of <paramref name="hosts"/> (user i on host i mod n); the hosts share one emulator.</summary>
    private static async Task<MorningResult> RunMorningAsync(IReadOnlyList<BenchHost> hosts, List<List<(Step Step, int Pick)>> script, bool passThrough)
    {
        var first = hosts[0];
        var initial = await first.Api.GetAllInboxItemsAsync(); // the working set people look at first: not counted below
        var workingSet = initial.Where(i => i.Document is { OcrStatus: "Processed", DocumentNumber: not null, AmountIncludingTaxes: not null })
            .OrderByDescending(i => i.CreatedAt).Take(60).ToList();
        first.Emulator.Requests.Clear();
        var booked = 0;
        var saved = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(script.Select(async (steps, userIndex) =>
        {
            var user = Users[userIndex];
            var host = hosts[userIndex % hosts.Count];
            foreach (var (step, pick) in steps)
            {
                var item = workingSet[pick % workingSet.Count];
                try
                {
                    var outcome = passThrough ? await PassThroughAsync(host, step, item) : await ThroughAppAsync(host, user, step, item);
                    if (outcome == "booked") Interlocked.Increment(ref booked);
                    if (outcome == "saved") Interlocked.Increment(ref saved);
                }
                catch (LuccaApiException)
                {
                    // already booked by another user: the answer is part of the scenario
                }
            }
        }));
        clock.Stop();
        return new MorningResult(first.RequestsSoFar, first.TooManyRequestsSoFar, Math.Round(clock.Elapsed.TotalSeconds, 2), booked, saved);
    }

    private static async Task<string> ThroughAppAsync(BenchHost host, AppUser user, Step step, InboxItem item)
    {
        switch (step)
        {
            case Step.Page:
                var snapshot = await host.Inbox.GetAsync();
                _ = InboxQueries.Run(snapshot, new InboxQuery { Sort = "received" }, Today);
                return "page";
            case Step.Open:
                _ = (await host.Inbox.GetAsync()).ById.GetValueOrDefault(item.Id);
                return "open";
            case Step.Preview:
                var fileId = item.Document!.Attachments![0].File!.Id!;
                await host.Previews.GetPageAsync(fileId, 1, CancellationToken.None);
                return "preview";
            case Step.Save:
                var current = (await host.Inbox.GetAsync()).ById.GetValueOrDefault(item.Id)?.Item;
                if (current is null) return "gone";
                var edited = current.Document! with { Comment = $"Checked by {user.Name} at {DateTime.UtcNow:HH:mm:ss.fff}" };
                var save = await host.Saving.SaveAsync(user, current, edited);
                return save.Status == SaveStatus.Saved ? "saved" : save.Status.ToString();
            default:
                var toBook = (await host.Inbox.GetAsync()).ById.GetValueOrDefault(item.Id)?.Item;
                if (toBook is null) return "gone";
                var book = await host.Booking.BookAsync(user, toBook);
                return book.Status == BookStatus.Booked ? "booked" : book.Status.ToString();
        }
    }

    private static async Task<string> PassThroughAsync(BenchHost host, Step step, InboxItem item)
    {
        switch (step)
        {
            case Step.Page:
                await host.Api.GetInboxAsync(null, 0, null, "count");
                await host.Api.GetInboxAsync(null, 25, 1, null);
                return "page";
            case Step.Open:
                await host.Api.GetDocumentAsync(item.Document!.Id);
                return "open";
            case Step.Preview:
                using (var page = await host.Api.GetFilePageRawAsync(item.Document!.Attachments![0].File!.Id!, 1)) { }
                return "preview";
            case Step.Save:
                var current = await host.Api.GetDocumentAsync(item.Document!.Id);
                if (current.Content is null) return "gone";
                (await host.Api.PutInboxDocumentRawAsync(item.Id, InboxDocumentUpdate.Build(current.Content, current.Content, current.Content with { Comment = "Checked" }))).Dispose();
                return "saved";
            default:
                (await host.Api.BookInboxDocumentRawAsync(item.Id)).Dispose();
                return "booked";
        }
    }

    /// <summary>100 bookings one after another, the way a bulk job sends them: audit intent, POST, audit outcome.</summary>
    public static async Task<object> BookingsAsync(int documents, int latencyMs, int count)
    {
        await using var host = await BenchHost.StartAsync(documents, latencyMs);
        var snapshot = await host.Inbox.GetAsync();
        // Likely duplicates are booked only one by one with a reason: leave them out, as the bulk job does.
        var duplicates = await host.Services.GetRequiredService<LuccaInbox.Web.Duplicates.DuplicateService>().GetIndexAsync();
        var bookable = snapshot.Items.Where(i => i.Document is { OcrStatus: "Processed" or "NotApplicable", DocumentNumber: not null, DocumentDate: not null }
            && i.Document.AmountIncludingTaxes?.IncludingTaxes?.Value is not null && i.Document.Owner is not null
            && duplicates.For(LuccaInbox.Web.Duplicates.DuplicateCandidate.From(i)).Count == 0).Take(count).ToList();
        var before = host.RequestsSoFar;
        var clock = Stopwatch.StartNew();
        var booked = 0;
        foreach (var item in bookable)
        {
            if ((await host.Booking.BookAsync(Users[0], item)).Status == BookStatus.Booked) booked++;
        }
        clock.Stop();
        var minimum = count / (double)BenchHost.Budget * BenchHost.Window.TotalSeconds;
        return new
        {
            documents = count,
            booked,
            luccaRequests = host.RequestsSoFar - before,
            tooManyRequests = host.TooManyRequestsSoFar,
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            budgetMinimumSeconds = Math.Round(minimum, 2),
            note = "each booking also writes and completes its audit entry (two SQLite transactions) before and after the POST",
        };
    }

    /// <summary>Verification time of an untouched chain, and the cost of one audited attempt (intent + outcome).</summary>
    public static async Task<object> AuditChainAsync(int entries)
    {
        await using var host = await BenchHost.StartAsync(documents: 1, latencyMs: 0);
        var log = host.Services.GetRequiredService<AuditLog>();
        var attempt = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            var entry = await log.BeginAsync(Users[0], new AuditIntent(AuditActions.Edit, i, i, $"N{i}", "Supplier", 10m, "EUR"));
            await log.CompleteAsync(entry, AuditOutcomes.Succeeded, 200);
        }
        attempt.Stop();

        var factory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var key = host.Services.GetRequiredService<AuditChainKey>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var head = await db.AuditEntries.OrderByDescending(e => e.OutcomeSequence).FirstAsync();
            var (sequence, previous) = (head.OutcomeSequence!.Value, head.OutcomeHash!);
            for (var i = 0; i < entries - 50; i++)
            {
                var entry = new AuditEntry
                {
                    AtUtc = DateTime.UtcNow, UserObjectId = "bench", UserName = "Bench", Action = AuditActions.Book, InboxId = i, DocumentId = i,
                    DocumentNumber = $"B{i}", Supplier = "Supplier", Amount = 100m + i, Currency = "EUR", CorrelationId = Guid.NewGuid().ToString("N"),
                    Sequence = ++sequence, PreviousHash = previous,
                };
                entry.Hash = AuditHashing.IntentHash(entry, previous, key);
                entry.Outcome = AuditOutcomes.Succeeded;
                entry.CompletedAtUtc = DateTime.UtcNow;
                entry.LuccaStatus = 200;
                entry.OutcomeSequence = ++sequence;
                entry.OutcomePreviousHash = entry.Hash;
                entry.OutcomeHash = AuditHashing.OutcomeHash(entry, entry.Hash, key);
                previous = entry.OutcomeHash;
                db.AuditEntries.Add(entry);
            }
            await db.SaveChangesAsync();
        }
        var verify = Stopwatch.StartNew();
        var result = await host.Services.GetRequiredService<AuditChainVerifier>().VerifyAsync();
        verify.Stop();
        return new
        {
            entries = result.EntriesChecked,
            links = result.LinksChecked,
            intact = result.IsIntact,
            verifySeconds = Math.Round(verify.Elapsed.TotalSeconds, 3),
            auditedAttemptMs = Math.Round(attempt.Elapsed.TotalMilliseconds / 50, 1),
        };
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
