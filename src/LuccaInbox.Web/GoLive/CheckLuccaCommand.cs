using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LuccaInbox.Lucca;

namespace LuccaInbox.Web.GoLive;

public sealed record CheckLuccaArguments(string? ReportFile, int? WriteTestInboxId);

/// <summary>
/// <c>check-lucca [--report FILE] [--write-test INBOX_ID]</c>: the go-live check against the configured tenant. It runs
/// instead of the web app, with the app's configuration sources and Lucca client, prints one line per check, and writes
/// what it learned to {App:DataFolder}/lucca-check.json, which the app reads (explicit settings still win).
/// </summary>
public static class CheckLuccaCommand
{
    public const string Name = "check-lucca";
    public const string LearnedSettingsFile = "lucca-check.json";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private const string Usage = "usage: check-lucca [--report FILE] [--write-test INBOX_ID] [--Lucca:BaseUrl=... other settings]";

    public static bool Matches(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (!TryParse(args[1..], out var arguments, out var rest))
        {
            output.WriteLine(Usage);
            return 1;
        }
        // The web app's sources: appsettings.json beside the app, appsettings.{Environment}.json, user secrets in
        // Development, environment variables, command line.
        var builder = Host.CreateApplicationBuilder(rest);
        builder.Configuration.UseBaseAppSettingsBesideTheApp();
        return await RunAsync(builder.Configuration, builder.Environment.ContentRootPath, arguments, output);
    }

    public static async Task<int> RunAsync(IConfiguration configuration, string contentRoot, CheckLuccaArguments arguments, TextWriter output,
        CancellationToken cancellationToken = default)
    {
        var options = configuration.GetSection(LuccaOptions.Section).Get<LuccaOptions>() ?? new LuccaOptions();
        var report = new LuccaCheckReport(options.ApiKey, output);
        if (string.IsNullOrWhiteSpace(options.BaseUrl) || string.IsNullOrWhiteSpace(options.ApiKey))
        {
            // Checking the embedded emulator would say nothing about the tenant: the check needs a real address.
            report.Fail("configuration", "no Lucca:BaseUrl or no Lucca:ApiKey → nothing to check: set both (user secrets, or Lucca__BaseUrl and Lucca__ApiKey); without them the app starts its embedded emulator");
        }
        else
        {
            var seen = new SeenHeaders();
            var services = new ServiceCollection();
            services.AddSingleton(configuration);
            services.AddLogging();
            services.AddLuccaClient().AddHttpMessageHandler(() => new ResponseHeaderWatch(seen));
            await using var provider = services.BuildServiceProvider();
            var check = new LuccaCheck(provider.GetRequiredService<ILuccaInvoicesApi>(), provider.GetRequiredService<LuccaFiles>(), seen, report,
                options.RequestsPerMinute, provider.GetRequiredService<TimeProvider>());
            await check.RunAsync(arguments.WriteTestInboxId, cancellationToken);
        }

        output.WriteLine(report.Usable ? "usable: no check failed" : "NOT usable: see the fail lines above");
        if (arguments.ReportFile is { } file)
        {
            await File.WriteAllTextAsync(file, report.Scrub(ToJson(report).ToJsonString(Indented)), cancellationToken);
            output.WriteLine($"report: {Path.GetFullPath(file)}");
        }
        if (report.Settings.InboxDocumentsId is not null || report.Settings.IfMatchHonoured is not null)
        {
            var learned = Path.Combine(configuration.DataFolder(contentRoot), LearnedSettingsFile);
            await WriteLearnedAsync(learned, report.Settings, cancellationToken);
            output.WriteLine($"learned settings: {learned} (read by the app; an explicit setting wins)");
        }
        return report.Usable ? 0 : 1;
    }

    private static bool TryParse(string[] args, out CheckLuccaArguments arguments, out string[] rest)
    {
        string? reportFile = null;
        int? writeTest = null;
        var others = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--report" when i + 1 < args.Length:
                    reportFile = args[++i];
                    break;
                case "--write-test" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0:
                    writeTest = id;
                    i++;
                    break;
                case "--report" or "--write-test" or "--help" or "-h":
                    (arguments, rest) = (new CheckLuccaArguments(null, null), []);
                    return false;
                default:
                    others.Add(args[i]);
                    break;
            }
        }
        (arguments, rest) = (new CheckLuccaArguments(reportFile, writeTest), others.ToArray());
        return true;
    }

    private static JsonObject ToJson(LuccaCheckReport report) => new()
    {
        ["usable"] = report.Usable,
        ["checks"] = new JsonArray([.. report.Checks.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["outcome"] = c.Outcome.ToString().ToLowerInvariant(),
            ["detail"] = c.Detail,
        })]),
        // PascalCase: the names of the Lucca:* settings they stand for.
        ["settings"] = JsonSerializer.SerializeToNode(report.Settings),
    };

    /// <summary>Only what was learned is written; a value learned by an earlier run and not tried now is kept.</summary>
    private static async Task WriteLearnedAsync(string path, LearnedSettings settings, CancellationToken cancellationToken)
    {
        var root = File.Exists(path) && JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken)) is JsonObject existing ? existing : [];
        if (root["Lucca"] is not JsonObject lucca)
        {
            lucca = [];
            root["Lucca"] = lucca;
        }
        if (settings.InboxDocumentsId is { } reading) lucca["InboxDocumentsId"] = reading;
        if (settings.IfMatchHonoured is { } honoured) lucca["IfMatchHonoured"] = honoured;
        await File.WriteAllTextAsync(path, root.ToJsonString(Indented), cancellationToken);
    }
}
