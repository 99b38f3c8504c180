using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace LuccaInbox.Web;

public static class AppConfiguration
{
    /// <summary>
    /// The base appsettings.json lives at the repo root and is copied beside the binaries. "dotnet run"
    /// uses the project folder as content root, so the default source would miss it: point that source at
    /// the app's folder, keeping its place (environment variables and command line still override it).
    /// </summary>
    public static void UseBaseAppSettingsBesideTheApp(this ConfigurationManager configuration)
    {
        var sources = configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: "appsettings.json" } json)
            {
                sources[i] = new JsonConfigurationSource
                {
                    Path = "appsettings.json",
                    Optional = false,
                    ReloadOnChange = json.ReloadOnChange,
                    FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
                };
            }
        }
    }

    /// <summary>
    /// What check-lucca learned ({App:DataFolder}/lucca-check.json, optional), placed right after the appsettings files:
    /// it fills in what they leave open, and user secrets, environment variables and the command line still win.
    /// </summary>
    public static void UseLuccaCheckSettings(this ConfigurationManager configuration, IHostEnvironment environment)
    {
        var sources = configuration.Sources;
        var last = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)) last = i;
        }
        sources.Insert(last + 1, new JsonConfigurationSource
        {
            Path = GoLive.CheckLuccaCommand.LearnedSettingsFile,
            Optional = true,
            FileProvider = new PhysicalFileProvider(configuration.DataFolder(environment)),
        });
    }

    /// <summary>The folder for the SQLite database and cached images; created on first use.</summary>
    public static string DataFolder(this IConfiguration configuration, IHostEnvironment environment) =>
        configuration.DataFolder(environment.ContentRootPath);

    public static string DataFolder(this IConfiguration configuration, string contentRoot)
    {
        var folder = configuration["App:DataFolder"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, contentRoot)
            // Not "data": beside the project's Data/ (EF Core) folder it would be the same folder on a case-insensitive disk.
            : Path.Combine(contentRoot, "app-data");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
