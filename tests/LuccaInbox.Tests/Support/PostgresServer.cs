using System.Diagnostics;
using Npgsql;

namespace LuccaInbox.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use: LUCCAINBOX_TEST_POSTGRES when set (.ci/test starts a throwaway cluster and sets
/// it), else one this test run starts itself with .ci/postgres and stops when it ends. Each test gets a database of its own.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "LUCCAINBOX_TEST_POSTGRES";
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>A new, empty database; its connection string. Not pooled, so a dropped instance's connections really close.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var server = await Server.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given) return given;
        var script = Path.Combine(RepositoryRoot(), ".ci", "postgres");
        var folder = Path.Combine(Path.GetTempPath(), $"luccainbox-pg-{Environment.ProcessId}");
        var (code, output, errors) = await RunAsync(script, "start", folder);
        if (code != 0)
        {
            throw new InvalidOperationException($"The PostgreSQL tests need a server: set {Variable} to a connection string, or let .ci/postgres start one " +
                $"(Debian's postgresql package). It failed: {errors.Trim()}");
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAsync(script, "stop", folder).GetAwaiter().GetResult();
        return output.Trim().Split('\n')[^1];
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LuccaInbox.Web.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("The repository root (LuccaInbox.Web.sln) was not found above " + AppContext.BaseDirectory);
    }
}
