namespace LuccaInbox.E2E;

/// <summary>
/// Where the browser tests write what they produce: screenshots and the log of each app they start. Never a tracked
/// file: the test output folder (E2E_OUTPUT_DIR, which .ci/test points into TestResults; otherwise e2e-output beside
/// the test binaries). The README's screenshots are refreshed only on purpose, with UPDATE_README_SCREENSHOTS=1.
/// </summary>
public static class E2EOutput
{
    public static string Folder { get; } = CreateFolder();

    /// <summary>The README's copies, in the repository: written only when UPDATE_README_SCREENSHOTS=1.</summary>
    public static string ReadmeScreenshots { get; } = Path.Combine(AppUnderTest.RepoRoot, "tests", "LuccaInbox.E2E", "screenshots");

    public static bool UpdateReadmeScreenshots { get; } = Environment.GetEnvironmentVariable("UPDATE_README_SCREENSHOTS") == "1";

    public static string PathFor(string fileName) => Path.Combine(Folder, fileName);

    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(Folder, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }

    /// <summary>Copies a screenshot over the README's copy, when asked to; returns where it went, if anywhere.</summary>
    public static string? CopyToReadme(string screenshot)
    {
        if (!UpdateReadmeScreenshots) return null;
        Directory.CreateDirectory(ReadmeScreenshots);
        var target = Path.Combine(ReadmeScreenshots, Path.GetFileName(screenshot));
        File.Copy(screenshot, target, overwrite: true);
        return target;
    }

    private static string CreateFolder()
    {
        var configured = Environment.GetEnvironmentVariable("E2E_OUTPUT_DIR");
        var folder = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Path.Combine(AppContext.BaseDirectory, "e2e-output") : configured);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
