namespace LuccaInbox.Emulator.Infrastructure;

/// <summary>
/// A scripted answer for the next matching request(s), for tests: a status with an optional body and
/// Retry-After, a delay, or "process it and then drop the connection" (the client never sees the answer).
/// </summary>
public sealed record ScriptedFault
{
    public int? Status { get; init; }
    public string? Body { get; init; }
    /// <summary>A binary body (e.g. a JPEG or PDF page), base64; used when Body is not set.</summary>
    public string? BodyBase64 { get; init; }
    /// <summary>Streams this many filler bytes in chunks, without Content-Length (a page larger than any bound).</summary>
    public long? StreamedBytes { get; init; }
    public string? ContentType { get; init; }
    public int? RetryAfterSeconds { get; init; }
    /// <summary>Retry-After as an HTTP date (RFC 9110 allows either form); used when RetryAfterSeconds is not set.</summary>
    public string? RetryAfterHttpDate { get; init; }
    public int DelayMs { get; init; }
    public bool DropAfterProcessing { get; init; }
    public string? Method { get; init; }
    public string? PathContains { get; init; }
    public int Times { get; init; } = 1;
}

/// <summary>Run-time fault settings, seeded from EmulatorOptions and changeable through the admin API.</summary>
public sealed class FaultSettings
{
    private readonly Lock _lock = new();
    private readonly List<(ScriptedFault Fault, int Remaining)> _script = [];

    public int LatencyMs { get; set; }
    public double FailureRate { get; set; }
    public double TimeoutRate { get; set; }
    public double TimeoutSeconds { get; set; } = 5;
    public int RequestsPerMinute { get; set; }
    public double RateLimitWindowSeconds { get; set; } = 60;
    public Random Random { get; set; } = new(42);

    public void Enqueue(ScriptedFault fault)
    {
        lock (_lock) _script.Add((fault, Math.Max(1, fault.Times)));
    }

    public void ClearScript()
    {
        lock (_lock) _script.Clear();
    }

    public ScriptedFault? TakeFor(HttpRequest request)
    {
        lock (_lock)
        {
            var index = _script.FindIndex(s =>
                (s.Fault.Method is null || string.Equals(s.Fault.Method, request.Method, StringComparison.OrdinalIgnoreCase))
                && (s.Fault.PathContains is null || request.Path.Value?.Contains(s.Fault.PathContains, StringComparison.OrdinalIgnoreCase) == true));
            if (index < 0) return null;
            var (fault, remaining) = _script[index];
            if (remaining <= 1) _script.RemoveAt(index);
            else _script[index] = (fault, remaining - 1);
            return fault;
        }
    }

    public bool Roll(double rate)
    {
        if (rate <= 0) return false;
        lock (_lock) return Random.NextDouble() < rate;
    }
}
