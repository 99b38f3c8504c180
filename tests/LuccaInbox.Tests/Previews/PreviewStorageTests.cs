using LuccaInbox.Web.Previews;

namespace LuccaInbox.Tests.Previews;

/// <summary>Issue 15: the page-image cache on disk stays under its cap, dropping what was used least recently.</summary>
public sealed class PreviewStorageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "luccainbox-storage-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static byte[] Kilobytes(int n) => new byte[n * 1024];

    private long BytesOnDisk() => new DirectoryInfo(_folder).EnumerateFiles().Sum(f => f.Length);

    [Fact]
    public void Past_its_cap_the_cache_drops_the_least_recently_used_images_first()
    {
        var storage = new PreviewStorage(_folder, capBytes: 100 * 1024);
        for (var i = 1; i <= 9; i++) storage.Write($"f{i}-p1.page", Kilobytes(10)); // 90 KB
        Assert.NotNull(storage.TryRead("f1-p1.page")); // f1 used again: f2 is now the least recently used

        storage.Write("f10-p1.page", Kilobytes(10)); // 100 KB: at the cap, nothing goes
        storage.Write("f11-p1.page", Kilobytes(10)); // 110 KB: down to 90 KB

        Assert.True(BytesOnDisk() <= 100 * 1024, $"{BytesOnDisk()} bytes on disk");
        Assert.Equal(BytesOnDisk(), storage.TotalBytes);
        Assert.Null(storage.TryRead("f2-p1.page"));
        Assert.Null(storage.TryRead("f3-p1.page"));
        Assert.NotNull(storage.TryRead("f1-p1.page"));
        Assert.NotNull(storage.TryRead("f11-p1.page"));
    }

    [Fact]
    public void After_a_restart_the_cap_and_the_order_of_use_still_hold()
    {
        var before = new PreviewStorage(_folder, capBytes: 1024 * 1024);
        before.Write("old-p1.page", Kilobytes(40));
        File.SetLastWriteTimeUtc(Path.Combine(_folder, "old-p1.page"), DateTime.UtcNow.AddHours(-2));
        before.Write("new-p1.page", Kilobytes(40));

        var after = new PreviewStorage(_folder, capBytes: 50 * 1024); // a smaller cap on start: the oldest goes

        Assert.Equal(40 * 1024, after.TotalBytes);
        Assert.Null(after.TryRead("old-p1.page"));
        Assert.NotNull(after.TryRead("new-p1.page"));
    }

    [Fact]
    public void An_image_larger_than_the_whole_cache_is_not_kept_and_evicts_nothing()
    {
        var storage = new PreviewStorage(_folder, capBytes: 20 * 1024);
        storage.Write("small-p1.page", Kilobytes(10));

        storage.Write("huge-p1.page", Kilobytes(30));

        Assert.Null(storage.TryRead("huge-p1.page"));
        Assert.NotNull(storage.TryRead("small-p1.page"));
    }
}
