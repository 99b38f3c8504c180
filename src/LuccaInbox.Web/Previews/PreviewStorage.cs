namespace LuccaInbox.Web.Previews;

/// <summary>
/// Immutable images on disk under the data folder, at most <c>Previews:CacheMegabytes</c> of them: past the cap, the least
/// recently used files go first (down to nine tenths of it, so a full cache does not evict at every write). Last use is
/// kept in memory and as each file's write time (touched when read), so the order survives a restart. Keys are built
/// from validated file ids only.
/// </summary>
public sealed class PreviewStorage
{
    public const int DefaultCacheMegabytes = 500;

    private readonly string _folder;
    private readonly long _capBytes;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Bytes, long LastUse)> _index = new(StringComparer.Ordinal);
    private long _totalBytes;
    private long _clock;

    public PreviewStorage(string folder, long capBytes = DefaultCacheMegabytes * 1024L * 1024L)
    {
        _folder = Directory.CreateDirectory(folder).FullName;
        _capBytes = Math.Max(0, capBytes);
        foreach (var file in new DirectoryInfo(_folder).EnumerateFiles().OrderBy(f => f.LastWriteTimeUtc))
        {
            if (file.Name.EndsWith(".tmp", StringComparison.Ordinal)) { TryDelete(file.FullName); continue; }
            _index[file.Name] = (file.Length, ++_clock);
            _totalBytes += file.Length;
        }
        lock (_lock) EvictOverCap();
    }

    /// <summary>What the cache holds now, in bytes (never above the cap once a write returns).</summary>
    public long TotalBytes { get { lock (_lock) return _totalBytes; } }

    public bool Contains(string key) { lock (_lock) return _index.ContainsKey(key); }

    public byte[]? TryRead(string key)
    {
        var path = PathFor(key);
        try
        {
            if (!File.Exists(path)) return null;
            var bytes = File.ReadAllBytes(path);
            Touch(key, path, bytes.LongLength);
            return bytes;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Write(string key, byte[] content)
    {
        var path = PathFor(key);
        if (content.LongLength > _capBytes) return; // larger than the whole cache: served, not kept
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            TryDelete(temporary); // a full disk only costs the cache, never the answer
            return;
        }
        lock (_lock)
        {
            if (_index.Remove(key, out var old)) _totalBytes -= old.Bytes;
            _index[key] = (content.LongLength, ++_clock);
            _totalBytes += content.LongLength;
            EvictOverCap();
        }
    }

    private void Touch(string key, string path, long bytes)
    {
        lock (_lock)
        {
            if (_index.Remove(key, out var old)) _totalBytes -= old.Bytes;
            _index[key] = (bytes, ++_clock);
            _totalBytes += bytes;
        }
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (IOException)
        {
            // the order after a restart is a nicety
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void EvictOverCap()
    {
        if (_totalBytes <= _capBytes) return;
        var target = _capBytes - _capBytes / 10;
        foreach (var (key, entry) in _index.OrderBy(kv => kv.Value.LastUse).ToList())
        {
            if (_totalBytes <= target) break;
            TryDelete(Path.Combine(_folder, key));
            _index.Remove(key);
            _totalBytes -= entry.Bytes;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string PathFor(string key) =>
        key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') && !key.Contains("..", StringComparison.Ordinal)
            ? Path.Combine(_folder, key)
            : throw new ArgumentException("Invalid cache key.", nameof(key));
}
