namespace LuccaInbox.Tests.Support;

/// <summary>
/// Waits for a condition the code under test brings about on its own (a background job, a request the emulator logs
/// once it notices), instead of sleeping a fixed time and hoping. Always bounded: past the limit the test fails and
/// says what it was waiting for.
/// </summary>
public static class Eventually
{
    /// <summary>Generous: these tests share two cores with other builds; a condition that holds comes much sooner.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<bool> condition, string waitingFor, TimeSpan? limit = null)
    {
        var bound = limit ?? DefaultLimit;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > bound) throw new TimeoutException($"Waited {bound.TotalSeconds:0.#} s for {waitingFor}; it did not happen.");
            await Task.Delay(10);
        }
    }

    /// <summary>Awaits the task, or fails saying what did not finish in time.</summary>
    public static async Task WithinAsync(Task task, string what, TimeSpan? limit = null)
    {
        var bound = limit ?? DefaultLimit;
        try
        {
            await task.WaitAsync(bound);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"{what} did not finish within {bound.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>The task's result, or a failure that says what did not finish in time.</summary>
    public static async Task<T> WithinAsync<T>(Task<T> task, string what, TimeSpan? limit = null)
    {
        var bound = limit ?? DefaultLimit;
        try
        {
            return await task.WaitAsync(bound);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"{what} did not finish within {bound.TotalSeconds:0.#} s.");
        }
    }
}
