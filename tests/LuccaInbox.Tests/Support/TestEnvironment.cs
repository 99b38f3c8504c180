using System.Runtime.CompilerServices;

namespace LuccaInbox.Tests.Support;

/// <summary>
/// Dozens of in-memory app hosts start in this one process; with file watchers each takes inotify instances, and the
/// machine's limit (128 per user) is reached long before the suite ends. Configuration is not edited during a test.
/// </summary>
internal static class TestEnvironment
{
    [ModuleInitializer]
    internal static void WithoutFileWatchers()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
}
