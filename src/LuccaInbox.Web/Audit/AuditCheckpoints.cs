using System.Globalization;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LuccaInbox.Web.Audit;

/// <summary>The chain's head after a commit: its link number and hash, and how many entries the log held.</summary>
public sealed record AuditCheckpoint(DateTime AtUtc, long Sequence, string Hash, int Count);

/// <summary>One line of the checkpoint file; <see cref="Checkpoint"/> is null when the line is not one this app wrote.</summary>
public sealed record AuditCheckpointLine(int LineNumber, AuditCheckpoint? Checkpoint);

/// <summary>
/// The anchor outside the database (Audit:CheckpointFile): one line per committed link, appended and never rewritten,
/// each with an HMAC so a forged line is noticed. The operator ships the file to append-only (WORM) storage; a
/// database writer who deletes or rewrites links cannot make the chain agree with it again.
/// </summary>
public sealed class AuditCheckpoints(AuditChainKey key, string path, TimeProvider time)
{
    private const int TailBytes = 4096;

    public string Path => path;

    /// <summary>Why the last write failed, or null once a write succeeded: shown by /health/ready.</summary>
    public string? LastWriteError { get; private set; }

    /// <summary>Where the checkpoints go when Audit:CheckpointFile is not set: outside the data folder, which holds the database.</summary>
    public static string FileFrom(IConfiguration configuration, IHostEnvironment environment, string dataFolder) =>
        configuration["Audit:CheckpointFile"] is { Length: > 0 } configured ? System.IO.Path.GetFullPath(configured, environment.ContentRootPath)
        : environment.IsProduction() ? "/var/log/luccainbox/audit-checkpoints.log"
        : System.IO.Path.TrimEndingDirectorySeparator(dataFolder) + "-audit-checkpoints.log";

    /// <summary>Appends the checkpoint as one line and flushes it to disk; returns the line.</summary>
    public string Append(AuditCheckpoint checkpoint)
    {
        try
        {
            var body = string.Create(CultureInfo.InvariantCulture,
                $"{checkpoint.AtUtc:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'} seq={checkpoint.Sequence} hash={checkpoint.Hash} count={checkpoint.Count}");
            var line = $"{body} mac={Mac(body)}";
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            using (var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            {
                file.Write(Encoding.UTF8.GetBytes(line + "\n"));
                file.Flush(flushToDisk: true);
            }
            LastWriteError = null;
            return line;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LastWriteError = $"{time.GetUtcNow():u}: {e.Message}";
            throw;
        }
    }

    /// <summary>Every line, oldest first; an empty list when the file does not exist yet.</summary>
    public IReadOnlyList<AuditCheckpointLine> ReadAll()
    {
        if (!File.Exists(path)) return [];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var lines = new List<AuditCheckpointLine>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0) lines.Add(new AuditCheckpointLine(lines.Count + 1, Parse(line)));
        }
        return lines;
    }

    /// <summary>The last line, read from the end of the file; null when there is none.</summary>
    public AuditCheckpoint? ReadLast(out bool lastLineIsForged)
    {
        lastLineIsForged = false;
        if (!File.Exists(path)) return null;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(Math.Max(0, file.Length - TailBytes), SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var last = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (last is null) return null;
        var checkpoint = Parse(last);
        lastLineIsForged = checkpoint is null;
        return checkpoint;
    }

    private AuditCheckpoint? Parse(string line)
    {
        var at = line.LastIndexOf(" mac=", StringComparison.Ordinal);
        if (at < 0 || line[(at + 5)..].TrimEnd('\r') != Mac(line[..at])) return null;
        var parts = line[..at].Split(' ');
        if (parts.Length != 4
            || !DateTime.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc)
            || !parts[1].StartsWith("seq=", StringComparison.Ordinal) || !long.TryParse(parts[1][4..], CultureInfo.InvariantCulture, out var sequence)
            || !parts[2].StartsWith("hash=", StringComparison.Ordinal)
            || !parts[3].StartsWith("count=", StringComparison.Ordinal) || !int.TryParse(parts[3][6..], CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }
        return new AuditCheckpoint(utc, sequence, parts[2][5..], count);
    }

    // Its own prefix, so a checkpoint MAC can never stand in for a link hash.
    private string Mac(string body) => key.Mac("audit-checkpoint\n" + body);
}

/// <summary>Checkpoints can be written: degraded (not down) otherwise, since entries are still recorded, only not anchored.</summary>
public sealed class AuditCheckpointHealthCheck(AuditCheckpoints checkpoints) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var error = checkpoints.LastWriteError;
        if (error is null)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(checkpoints.Path)!);
                using var probe = new FileStream(checkpoints.Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = e.Message;
            }
        }
        return Task.FromResult(error is null
            ? HealthCheckResult.Healthy($"Audit checkpoints are appended to {checkpoints.Path}.")
            : HealthCheckResult.Degraded($"Audit checkpoints cannot be written to {checkpoints.Path} ({error}): new entries are recorded but not anchored outside the database."));
    }
}
