using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca;
using LuccaInbox.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LuccaInbox.Tests.Lucca;

/// <summary>Issue 13 item 12: a retried call is one Warning, not an Information line per attempt.</summary>
public sealed class RetryLoggingTests
{
    private static readonly Dictionary<string, string?> TwoRetries = new() { ["Lucca:MaxRetries"] = "2" };

    // As appsettings.json: HttpClient's own per-request lines are already at Warning in the app.
    private static void Logging(IServiceCollection services, LogCapture logs) =>
        services.AddLogging(b => b.AddProvider(logs).AddFilter("System.Net.Http.HttpClient", LogLevel.Warning));

    private static string Describe(IEnumerable<LogCapture.Entry> entries) =>
        string.Join("\n", entries.Select(e => $"{e.Level} {e.Category}: {e.Message}"));

    [Fact]
    public async Task A_read_that_succeeds_on_its_third_attempt_logs_one_warning_and_nothing_per_attempt()
    {
        var logs = new LogCapture();
        await using var host = await LuccaTestHost.StartAsync(clientSettings: TwoRetries, services: s => Logging(s, logs));
        await host.ScriptAsync(new ScriptedFault { Status = 503, PathContains = "/services/inbox", Times = 2 });

        await host.Api.GetInboxAsync(null, 1, 1, null);

        var logged = logs.Entries.Where(e => e.Level >= LogLevel.Information).ToList();
        var warning = Assert.Single(logged);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("3 attempts", warning.Message, StringComparison.Ordinal);
        Assert.Contains("503", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_that_fails_every_attempt_logs_one_warning()
    {
        var logs = new LogCapture();
        await using var host = await LuccaTestHost.StartAsync(clientSettings: TwoRetries, services: s => Logging(s, logs));
        await host.ScriptAsync(new ScriptedFault { Status = 503, PathContains = "/services/inbox", Times = 3 });

        await Assert.ThrowsAsync<LuccaApiException>(() => host.Api.GetInboxAsync(null, 1, 1, null));

        var logged = logs.Entries.Where(e => e.Level >= LogLevel.Information).ToList();
        Assert.True(logged.Count == 1, Describe(logged));
        Assert.Equal(LogLevel.Warning, logged[0].Level);
    }

    [Fact]
    public async Task A_call_answered_at_once_logs_nothing()
    {
        var logs = new LogCapture();
        await using var host = await LuccaTestHost.StartAsync(clientSettings: TwoRetries, services: s => Logging(s, logs));

        await host.Api.GetInboxAsync(null, 1, 1, null);

        var logged = logs.Entries.Where(e => e.Level >= LogLevel.Information).ToList();
        Assert.True(logged.Count == 0, Describe(logged));
    }
}
