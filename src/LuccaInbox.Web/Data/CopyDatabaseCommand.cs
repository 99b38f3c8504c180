using LuccaInbox.Web.Audit;

namespace LuccaInbox.Web.Data;

/// <summary>
/// <c>copy-database --from CONNECTION [--to CONNECTION] [--Audit:ChainKey=... other settings]</c>: moves the app's data to
/// another database (SQLite to PostgreSQL) with <see cref="DatabaseCopy"/>. It runs instead of the web app, with the app's
/// configuration sources, for Audit:ChainKey and Audit:CheckpointFile; each provider is inferred from its connection string.
/// Without --to, the target is the app's configured database (ConnectionStrings:App), as in the compose file's containers.
/// </summary>
public static class CopyDatabaseCommand
{
    public const string Name = "copy-database";
    private const string Usage = "usage: copy-database --from \"<source connection string>\" [--to \"<target connection string>\", default ConnectionStrings:App] [--Audit:ChainKey=... other settings]";

    public static bool Matches(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        string? from = null, to = null;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--from" when i + 1 < args.Length:
                    from = args[++i];
                    break;
                case "--to" when i + 1 < args.Length:
                    to = args[++i];
                    break;
                case "--from" or "--to" or "--help" or "-h":
                    output.WriteLine(Usage);
                    return 1;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }
        if (string.IsNullOrWhiteSpace(from) || to is { Length: 0 })
        {
            output.WriteLine(Usage);
            return 1;
        }
        var builder = Host.CreateApplicationBuilder([.. rest]);
        builder.Configuration.UseBaseAppSettingsBesideTheApp();
        return await RunAsync(builder.Configuration, builder.Environment, from, to, output);
    }

    public static async Task<int> RunAsync(IConfiguration configuration, IHostEnvironment environment, string from, string? to, TextWriter output,
        CancellationToken cancellationToken = default)
    {
        to ??= AppDatabase.ConnectionStringFrom(configuration, configuration.DataFolder(environment));
        var source = new AppDatabase(AppDatabase.ProviderOf(null, from), from);
        var target = new AppDatabase(AppDatabase.ProviderOf(null, to), to);
        if (from == to) return Refuse(output, "--from and --to name the same database");
        AuditChainKey key;
        try
        {
            // The key and the checkpoint file the source was written with: the app's own settings.
            key = AuditChainKey.FromConfiguration(configuration, environment);
        }
        catch (InvalidOperationException e)
        {
            return Refuse(output, e.Message);
        }
        if (key.IsDevelopmentKey) output.WriteLine("warning: no Audit:ChainKey is configured: verifying with the development key");
        var checkpointFile = AuditCheckpoints.FileFrom(configuration, environment, configuration.DataFolder(environment));
        output.WriteLine($"from {source.Provider} to {target.Provider}; audit checkpoints: {checkpointFile}");
        var checkpoints = new AuditCheckpoints(key, checkpointFile, TimeProvider.System);
        return await new DatabaseCopy(source, target, key, checkpoints, output).RunAsync(cancellationToken);
    }

    private static int Refuse(TextWriter output, string why)
    {
        output.WriteLine($"refused, nothing copied: {why}");
        return 2;
    }
}
