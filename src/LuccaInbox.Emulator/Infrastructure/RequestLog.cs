using System.Collections.Concurrent;

namespace LuccaInbox.Emulator.Infrastructure;

/// <summary>One request as the emulator received it. The Authorization value is never kept, only whether it was right.</summary>
public sealed record LoggedRequest(long Sequence, DateTimeOffset At, string Method, string Path, string Query, string? Body,
    long? ContentLength, string? IfMatch, bool Authorized, int Status);

public sealed class RequestLog
{
    private const int Capacity = 50_000;
    private readonly ConcurrentQueue<LoggedRequest> _entries = new();
    private long _sequence;

    public void Add(Func<long, LoggedRequest> create)
    {
        _entries.Enqueue(create(Interlocked.Increment(ref _sequence)));
        while (_entries.Count > Capacity && _entries.TryDequeue(out _)) { }
    }

    public IReadOnlyList<LoggedRequest> Entries => _entries.ToArray();

    public void Clear() => _entries.Clear();
}
