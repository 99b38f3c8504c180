
namespace LuccaInbox.E2E;

/// <summary>
/// What every browser test gets: a time limit (<c>[Fact(Timeout = BrowserTest.Limit)]</c>; every Playwright wait inside
/// it is bounded too, see <see cref="AppUnderTest"/>), its browser contexts closed when it ends however it ends, and the
/// app's log of the test in its output, which the console shows for a failed test.
/// </summary>
public abstract class BrowserTest(AppUnderTest app, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Per test, in ms: the longest test takes under a minute on two busy cores.</summary>
    public const int Limit = 150_000;

    private const int LogLinesShown = 60;
    private int _logMark;

    protected AppUnderTest App => app;

    protected ITestOutputHelper Output => output;

    public Task InitializeAsync()
    {
        _logMark = app.LogMark;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // A failed or timed-out test leaves its pages open, and a timed-out one is still running: closing its contexts
        // stops it, so the next test starts on a quiet app.
        await app.CloseContextsAsync();
        var lines = app.LogSince(_logMark);
        output.WriteLine($"Screenshots and the app's whole log: {E2EOutput.Folder}");
        output.WriteLine($"The app logged {lines.Count} line(s) during this test; the last {Math.Min(lines.Count, LogLinesShown)}:");
        foreach (var line in lines.TakeLast(LogLinesShown)) output.WriteLine(line);
    }
}
