namespace LuccaInbox.E2E;

/// <summary>
/// What every browser test gets: a time limit (<c>[Fact(Timeout = BrowserTest.Limit)]</c>; every Playwright wait inside
/// it is bounded too, see <see cref="AppUnderTest"/>), its browser contexts closed when it ends however it ends, and the
/// app's log of the test in its output, which the console shows for a failed test.
/// </summary>
/// <remarks>xunit (v2) drops what a test writes after its time limit struck, so a watchdog writes the app's log a little
/// before the limit and closes the test's pages, which ends a test stuck on a page with a plain failure.</remarks>
public abstract class BrowserTest(AppUnderTest app, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Per test, in ms: the longest test takes under a minute on two cores, two to three on two overloaded ones;
    /// below the test host's hang limit in .ci/test (5 minutes).</summary>
    public const int Limit = 240_000;

    private static readonly TimeSpan WatchdogAfter = TimeSpan.FromMilliseconds(Limit) - TimeSpan.FromSeconds(15);
    private const int LogLinesShown = 60;
    private readonly Lock _outputLock = new();
    private int _logMark;
    private bool _ended;
    private Timer? _watchdog;

    protected AppUnderTest App => app;

    protected ITestOutputHelper Output => output;

    public Task InitializeAsync()
    {
        _logMark = app.LogMark;
        _watchdog = new Timer(_ => StopStuckTest(), null, WatchdogAfter, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_watchdog is not null) await _watchdog.DisposeAsync();
        // A failed test leaves its pages open: closing them leaves a quiet app to the next test.
        await app.CloseContextsAsync();
        WriteLog($"Screenshots and the app's whole log: {E2EOutput.Folder}");
        lock (_outputLock) _ended = true;
    }

    private void StopStuckTest()
    {
        WriteLog($"Still running after {WatchdogAfter.TotalSeconds:0} s, near its limit of {Limit / 1000} s: closing its browser pages to stop it.");
        _ = app.CloseContextsAsync();
    }

    private void WriteLog(string headline)
    {
        lock (_outputLock)
        {
            if (_ended) return;
            var lines = app.LogSince(_logMark);
            output.WriteLine(headline);
            output.WriteLine($"The app logged {lines.Count} line(s) during this test; the last {Math.Min(lines.Count, LogLinesShown)}:");
            foreach (var line in lines.TakeLast(LogLinesShown)) output.WriteLine(line);
        }
    }
}
