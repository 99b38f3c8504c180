using System.Diagnostics;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Previews;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Bench;

/// <summary>
/// Issue 15: a clerk moves through 30 documents at one per 20 s; how long from "next" until the document's first page is
/// available, with and without fetching ahead (Lucca:PrefetchShare, default a fifth of the budget). Time is scaled as the
/// budget is (50 requests per second instead of per minute): one document per 20/60 s, unless run with the real window
/// (50 requests per minute, one document per 20 s). Optionally colleagues' reads use part of the budget at the same time.
/// </summary>
public static class PrefetchScenario
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    public static async Task<object> RunAsync(int documents, int latencyMs, int steps, int colleaguesReadsPerWindow, TimeSpan? window = null)
    {
        var budgetWindow = window ?? BenchHost.Window;
        var interval = budgetWindow * (20.0 / 60.0); // 20 s of a 60 s window
        var without = await RunOnceAsync(documents, latencyMs, steps, budgetWindow, interval, colleaguesReadsPerWindow, prefetch: false);
        var with = await RunOnceAsync(documents, latencyMs, steps, budgetWindow, interval, colleaguesReadsPerWindow, prefetch: true);
        return new
        {
            windowSeconds = budgetWindow.TotalSeconds,
            steps,
            intervalMs = Math.Round(interval.TotalMilliseconds, 1),
            colleaguesReadsPerWindow,
            withoutPrefetch = without,
            withPrefetch = with,
        };
    }

    private sealed record Run(double P50Ms, double P95Ms, double MaxMs, int FromCache, int LuccaFileRequests, int ColleaguesRequests, int TooManyRequests);

    private static async Task<Run> RunOnceAsync(int documents, int latencyMs, int steps, TimeSpan window, TimeSpan interval, int colleaguesReadsPerWindow, bool prefetch)
    {
        await using var host = await BenchHost.StartAsync(documents, latencyMs, window);
        var snapshot = await host.Inbox.GetAsync();
        var query = InboxQuery.FromQueryString("");
        var ordered = InboxQueries.FilterAndSort(snapshot.Rows, query, Today)
            .Where(r => r.Item.Document?.Attachments?.Any(a => a.ViewablePageCount > 0) == true).Take(steps).ToList();
        var ahead = host.Services.GetRequiredService<PreviewPrefetch>();
        var storage = host.Services.GetRequiredService<PreviewStorage>();
        await Task.Delay(window); // the sync's requests leave the window
        host.Emulator.Requests.Clear();

        using var stop = new CancellationTokenSource();
        var colleagues = colleaguesReadsPerWindow > 0 ? Task.Run(() => ColleaguesAsync(host, window / colleaguesReadsPerWindow, stop.Token)) : Task.CompletedTask;
        var times = new List<double>();
        var fromCache = 0;
        foreach (var row in ordered)
        {
            var started = Stopwatch.StartNew(); // "next" pressed: this document opens
            var fileId = row.Item.Document!.Attachments!.First(a => a.ViewablePageCount > 0).FileId!;
            if (storage.Contains(PreviewService.PageKey(fileId, 1))) fromCache++;
            if (prefetch) _ = ahead.Ahead(row.InboxId, query, Today); // as DocumentPage starts it
            await host.Previews.GetPageAsync(fileId, 1, CancellationToken.None);
            times.Add(started.Elapsed.TotalMilliseconds);
            var rest = interval - started.Elapsed;
            if (rest > TimeSpan.Zero) await Task.Delay(rest);
        }
        await stop.CancelAsync();
        await colleagues;
        times.Sort();
        return new Run(Percentile(times, 0.50), Percentile(times, 0.95), Math.Round(times[^1], 1), fromCache,
            host.Emulator.Requests.Entries.Count(r => r.Path.Contains("/api/files/", StringComparison.Ordinal)),
            host.Emulator.Requests.Entries.Count(r => r.Path.EndsWith("/services/inbox", StringComparison.Ordinal)), host.TooManyRequestsSoFar);
    }

    /// <summary>Colleagues' reads (people's lane), started at a steady rate whatever each one takes.</summary>
    private static async Task ColleaguesAsync(BenchHost host, TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every);
        var page = 0;
        var reads = new List<Task>();
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                reads.Add(host.Api.GetInboxAsync(null, 1, 1 + page++ % 100, null, stop));
            }
        }
        catch (OperationCanceledException)
        {
        }
        try
        {
            await Task.WhenAll(reads);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 1);
}
