using System.Collections.Concurrent;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.LuccaAccess;
using LuccaInbox.Web.Previews;

namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>
/// Each document's original (its first attachment's file, <c>file.href</c>), read once: the bytes are kept on disk with the
/// page images (<see cref="PreviewService.GetOriginalBytesAsync"/>), what they say (<see cref="OriginalReader"/>) in memory
/// for the most recent documents. Nothing here is on the grid's way: the document page asks when it opens, and scans
/// fetched ahead bring the next documents' originals within the prefetch share.
/// </summary>
public sealed class InvoiceOriginals(PreviewService previews, PreviewStorage storage, ILogger<InvoiceOriginals> logger)
{
    private const int ReadInMemory = 500;
    private readonly ConcurrentDictionary<string, InvoiceOriginal> _read = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _readOrder = new();
    private readonly ConcurrentDictionary<string, byte> _queuedFromDisk = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _diskWorker = new();
    private bool _readingFromDisk;

    /// <summary>Raised when originals have been read: checks that depend on them change.</summary>
    public event Action? Read;

    /// <summary>The attachment a document's fields are checked against: its first file (the invoice itself).</summary>
    public static Attachment? OriginalOf(Document? document) => document?.Attachments?.FirstOrDefault(a => a.FileId is not null);

    /// <summary>What the original says, when it is in memory; never waits. One on disk (read before this process started,
    /// or pushed out of memory) is read again in the background and announced (<see cref="Read"/>): a grid of a thousand
    /// rows never waits for PdfPig.</summary>
    public InvoiceOriginal? TryGet(Document? document)
    {
        if (OriginalOf(document)?.FileId is not { } fileId) return null;
        if (_read.TryGetValue(fileId, out var original)) return original;
        if (storage.Contains(PreviewService.OriginalKey(fileId)) && _queuedFromDisk.TryAdd(fileId, 0)) ReadFromDiskLater();
        return null;
    }

    // One worker at a time reads what was queued, then announces once for all of them. It decides to stop under the lock
    // that starting one takes, so a file queued as it stops is never left behind.
    private void ReadFromDiskLater()
    {
        lock (_diskWorker)
        {
            if (_readingFromDisk) return;
            _readingFromDisk = true;
        }
        _ = Task.Run(() =>
        {
            var any = false;
            while (true)
            {
                string? fileId;
                lock (_diskWorker)
                {
                    fileId = _queuedFromDisk.Keys.FirstOrDefault();
                    if (fileId is null)
                    {
                        _readingFromDisk = false;
                        break;
                    }
                }
                try
                {
                    if (storage.TryRead(PreviewService.OriginalKey(fileId)) is { } bytes) any |= Remember(fileId, OriginalReader.Read(bytes));
                }
                catch (IOException e)
                {
                    logger.LogWarning(e, "The cached original {FileId} could not be read", fileId);
                }
                _queuedFromDisk.TryRemove(fileId, out _);
            }
            if (any) Read?.Invoke();
        });
    }

    public bool IsOnDisk(Document? document) =>
        OriginalOf(document)?.FileId is { } fileId && (_read.ContainsKey(fileId) || storage.Contains(PreviewService.OriginalKey(fileId)));

    /// <summary>Reads the document's original (one Lucca request, once). Null when it has none or Lucca could not give it;
    /// a budget refusal of an optional read (<see cref="OptionalRequests"/>) is passed on to the caller.</summary>
    public async Task<InvoiceOriginal?> ReadAsync(Document? document)
    {
        if (OriginalOf(document) is not { FileId: { } fileId } attachment) return null;
        if (_read.TryGetValue(fileId, out var known)) return known;
        try
        {
            var bytes = await previews.GetOriginalBytesAsync(attachment); // from disk when it was read before
            var original = await Task.Run(() => OriginalReader.Read(bytes));
            if (Remember(fileId, original)) Read?.Invoke();
            return original;
        }
        catch (Exception e) when (e is LuccaFileTooLargeException || LuccaErrors.IsLuccaFailure(e))
        {
            logger.LogInformation("The original {FileId} could not be read: {Reason}", fileId, e.Message);
            return null;
        }
    }

    /// <returns>Whether it is new in memory.</returns>
    private bool Remember(string fileId, InvoiceOriginal original)
    {
        if (!_read.TryAdd(fileId, original)) return false;
        _readOrder.Enqueue(fileId);
        while (_read.Count > ReadInMemory && _readOrder.TryDequeue(out var oldest)) _read.TryRemove(oldest, out _);
        return true;
    }
}
