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

    /// <summary>Raised with the file id when an original has been read: checks that depend on it change.</summary>
    public event Action<string>? Read;

    /// <summary>The attachment a document's fields are checked against: its first file (the invoice itself).</summary>
    public static Attachment? OriginalOf(Document? document) => document?.Attachments?.FirstOrDefault(a => a.FileId is not null);

    /// <summary>What the original says, when it was read; from disk if it was read before this process started.</summary>
    public InvoiceOriginal? TryGet(Document? document)
    {
        if (OriginalOf(document)?.FileId is not { } fileId) return null;
        if (_read.TryGetValue(fileId, out var original)) return original;
        return storage.TryRead(PreviewService.OriginalKey(fileId)) is { } bytes ? Remember(fileId, OriginalReader.Read(bytes), announce: false) : null;
    }

    public bool IsOnDisk(Document? document) =>
        OriginalOf(document)?.FileId is { } fileId && (_read.ContainsKey(fileId) || storage.Contains(PreviewService.OriginalKey(fileId)));

    /// <summary>Reads the document's original (one Lucca request, once). Null when it has none or Lucca could not give it;
    /// a budget refusal of an optional read (<see cref="OptionalRequests"/>) is passed on to the caller.</summary>
    public async Task<InvoiceOriginal?> ReadAsync(Document? document)
    {
        if (OriginalOf(document) is not { FileId: { } fileId } attachment) return null;
        if (TryGet(document) is { } known) return known;
        try
        {
            var bytes = await previews.GetOriginalBytesAsync(attachment);
            return Remember(fileId, await Task.Run(() => OriginalReader.Read(bytes)), announce: true);
        }
        catch (Exception e) when (e is LuccaFileTooLargeException || LuccaErrors.IsLuccaFailure(e))
        {
            logger.LogInformation("The original {FileId} could not be read: {Reason}", fileId, e.Message);
            return null;
        }
    }

    // Read from disk while a page renders, it is not announced: the page already shows what it says.
    private InvoiceOriginal Remember(string fileId, InvoiceOriginal original, bool announce)
    {
        if (_read.TryAdd(fileId, original))
        {
            _readOrder.Enqueue(fileId);
            while (_read.Count > ReadInMemory && _readOrder.TryDequeue(out var oldest)) _read.TryRemove(oldest, out _);
            if (announce) Read?.Invoke(fileId);
        }
        return original;
    }
}
