using System.Collections.Concurrent;
using System.Net;
using System.Text;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace LuccaInbox.Tests.Audit;

/// <summary>The chain key (Audit:ChainKey) and the checkpoint file: configuration, secrecy, failures, and what /audit shows.</summary>
public sealed class AuditChainKeyTests
{
    private const string Secret = "correct horse battery staple: the audit chain key of this test";

    private static async Task AppendAsync(WebServicesHost host, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            var entry = await host.AuditLog.BeginAsync(TestUsers.Booker, new AuditIntent(AuditActions.Book, i, 100 + i, $"INV-{i}", "Supplier", 10m * i, "EUR"));
            await host.AuditLog.CompleteAsync(entry, AuditOutcomes.Succeeded, 200);
        }
    }

    [Fact]
    public async Task In_production_without_a_chain_key_the_app_refuses_to_start()
    {
        await using var app = new WebAppFactory(new Dictionary<string, string?> { ["Auth:AllowDevelopmentSignIn"] = "true" }, environment: "Production");

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("Audit:ChainKey", error.Message);
    }

    [Fact]
    public void A_key_shorter_than_32_bytes_is_refused_without_repeating_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AuditChainKey.FromSecret("only a short secret"));

        Assert.DoesNotContain("only a short secret", error.Message);
        Assert.Equal(64, AuditChainKey.FromSecret(Convert.ToBase64String(new byte[32])).Mac("x").Length); // 32 bytes as base64 will do
    }

    [Fact]
    public async Task The_key_never_reaches_the_database_file_the_checkpoint_file_or_the_logs()
    {
        using var logs = new CapturedLogs();
        using var database = AuditDatabase.Create();
        await using (var host = await WebServicesHost.AuditOnlyAsync(database, new Dictionary<string, string?> { ["Audit:ChainKey"] = Secret }, logs))
        {
            await AppendAsync(host, 3);
            Assert.True((await host.Verifier.VerifyAsync()).IsIntact);
        }

        string[] forms = [Secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)), Convert.ToHexString(Encoding.UTF8.GetBytes(Secret))];
        var stored = Encoding.UTF8.GetString(File.ReadAllBytes(database.Path)) + File.ReadAllText(database.CheckpointPath);
        var logged = string.Join("\n", logs.Lines);
        Assert.Contains("Audit checkpoint", logged); // each checkpoint also goes to the app log...
        Assert.Equal(6, File.ReadAllLines(database.CheckpointPath).Length); // ...and to the file, one line per link
        Assert.DoesNotContain("development key", logged);
        foreach (var form in forms)
        {
            Assert.DoesNotContain(form, stored, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(form, logged, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Without_a_key_outside_production_the_development_key_is_used_with_a_warning()
    {
        using var logs = new CapturedLogs();
        await using var host = await WebServicesHost.AuditOnlyAsync(logs: logs);

        await AppendAsync(host, 1);

        Assert.True(host.Get<AuditChainKey>().IsDevelopmentKey);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("development key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_written_is_logged_and_shown_by_health_but_the_action_goes_on()
    {
        using var logs = new CapturedLogs();
        using var database = AuditDatabase.Create();
        Directory.CreateDirectory(database.CheckpointPath); // a folder where the file should be: every append fails
        await using var host = await WebServicesHost.AuditOnlyAsync(database, logs: logs);
        var health = new AuditCheckpointHealthCheck(host.Get<AuditCheckpoints>());

        await AppendAsync(host, 1); // does not throw: the entry is committed

        Assert.Single(await host.AuditReader.SearchAsync(new AuditFilter()));
        Assert.Contains(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("could not be written", StringComparison.Ordinal));
        Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.False((await host.Verifier.VerifyAsync()).IsIntact); // nothing anchors the chain

        Directory.Delete(database.CheckpointPath);
        await AppendAsync(host, 1);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.True((await host.Verifier.VerifyAsync()).IsIntact); // the next checkpoint anchors every link before it
    }

    [Fact]
    public async Task The_audit_page_and_verify_endpoint_show_the_last_checkpoint_and_whether_the_chain_matches_it()
    {
        await using var app = new WebAppFactory();
        var log = app.Services.GetRequiredService<AuditLog>();
        var entry = await log.BeginAsync(TestUsers.Booker, new AuditIntent(AuditActions.Book, 1, 101, "INV-1", "Supplier", 10m, "EUR"));
        await log.CompleteAsync(entry, AuditOutcomes.Succeeded, 200);
        var auditor = app.ClientFor("auditor");

        var page = await auditor.GetStringAsync("/audit");
        Assert.Contains("data-testid=\"audit-checkpoint\"", page);
        Assert.Matches(@"Last checkpoint: link 2 at [0-9: -]+ UTC, chain matches\.", page);
        Assert.Contains("\"matches\":true", await auditor.GetStringAsync("/audit/verify"));
        Assert.Contains("\"audit-checkpoints\"", await auditor.GetStringAsync("/health/ready")); // details: Audit.Read only

        var dataFolder = app.Services.GetRequiredService<IConfiguration>()["App:DataFolder"]!;
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataFolder, "audit.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM AuditEntries";
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        Assert.Contains("chain does not match", await auditor.GetStringAsync("/audit"));
        using var verify = await auditor.GetAsync("/audit/verify");
        Assert.Equal(HttpStatusCode.Conflict, verify.StatusCode);
        var body = await verify.Content.ReadAsStringAsync();
        Assert.Contains("\"matches\":false", body);
        Assert.Contains("\"sequence\":2", body);
    }

    /// <summary>Every log line, as "Level: message exception".</summary>
    private sealed class CapturedLogs : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();
        public IEnumerable<string> Lines => _lines;
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
        public void Dispose() { }
    }
}
