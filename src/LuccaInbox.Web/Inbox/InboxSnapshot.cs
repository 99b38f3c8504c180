using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.Inbox;

/// <summary>An immutable copy of the inbox as last read from Lucca, with the lookups the app needs.</summary>
public sealed class InboxSnapshot
{
    public static readonly InboxSnapshot Empty = new([], null);

    public InboxSnapshot(IReadOnlyList<InboxItem> items, DateTimeOffset? syncedAt, DateTimeOffset? readFrom = null)
    {
        Items = items;
        SyncedAt = syncedAt;
        ReadFrom = readFrom;
        Rows = items.Select(InboxRow.From).ToList();
        // An item whose id could not be read is shown and counted, but cannot be looked up, opened or written.
        ById = Rows.Where(r => r.InboxId > 0).GroupBy(r => r.InboxId).ToDictionary(g => g.Key, g => g.First());
        ByDocumentId = Rows.Where(r => r.DocumentId > 0).GroupBy(r => r.DocumentId).ToDictionary(g => g.Key, g => g.First());
        AttachmentsByFileId = items
            .SelectMany(i => (i.Document?.Attachments ?? []).Select(a => (Attachment: a, Item: i)))
            .Where(x => x.Attachment.FileId is not null)
            .GroupBy(x => x.Attachment.FileId!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Attachment, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<InboxItem> Items { get; }
    public IReadOnlyList<InboxRow> Rows { get; }
    public IReadOnlyDictionary<int, InboxRow> ById { get; }
    public IReadOnlyDictionary<int, InboxRow> ByDocumentId { get; }
    public IReadOnlyDictionary<string, Attachment> AttachmentsByFileId { get; }
    public int UnreadableCount => Rows.Count(r => r.Unreadable.Count > 0);
    public DateTimeOffset? SyncedAt { get; }
    /// <summary>When the sync that read these items began: writes made before then are in them.</summary>
    public DateTimeOffset? ReadFrom { get; }

    /// <summary>Items whose id could not be read are never matched: they stay as Lucca sent them.</summary>
    public InboxSnapshot With(InboxItem updated) =>
        new(Items.Select(i => i.Id > 0 && i.Id == updated.Id ? updated : i).ToList(), SyncedAt, ReadFrom);

    public InboxSnapshot Without(int inboxId) => new(Items.Where(i => i.Id <= 0 || i.Id != inboxId).ToList(), SyncedAt, ReadFrom);
}

/// <summary>What the grid shows and sorts on, read once per item.</summary>
public sealed record InboxRow(
    InboxItem Item, int InboxId, int DocumentId, string Type, string? DocumentNumber, string? Purchase, string? Owner, int? OwnerId,
    DateOnly? DocumentDate, DateOnly? DueDate, decimal? AmountIncludingTaxes, string? Currency, string OcrStatus,
    string? Source, DateTimeOffset? ReceivedAt, string? AccountingLabel, string? Comment, Attachment? FirstAttachment,
    IReadOnlyList<string> Unreadable)
{
    public static InboxRow From(InboxItem item)
    {
        var d = item.Document;
        var amount = d?.AmountIncludingTaxes?.IncludingTaxes;
        return new InboxRow(item, item.Id, d?.Id ?? 0, d?.Type ?? "", d?.DocumentNumber, d?.Context?.Purchase?.Name,
            d?.Owner?.DisplayName, d?.Owner?.Id, d?.DocumentDate, d?.DueDate, amount?.Value,
            amount?.Currency ?? d?.AmountIncludingTaxes?.ExcludingTaxes?.Currency, d?.OcrStatus ?? "",
            item.Source?.Type, item.CreatedAt, d?.AccountingLabel, d?.Comment,
            d?.Attachments?.FirstOrDefault(a => a.FileId is not null && a.ViewablePageCount > 0), item.Unreadable);
    }

    /// <summary>A row that can be opened: its item and document ids were read.</summary>
    public bool CanOpen => InboxId > 0 && DocumentId > 0;

    public bool IsOverdue(DateOnly today) => DueDate is { } due && due < today;
}
