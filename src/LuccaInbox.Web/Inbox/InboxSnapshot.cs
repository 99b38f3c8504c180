using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.Inbox;

/// <summary>An immutable copy of the inbox as last read from Lucca, with the lookups the app needs.</summary>
public sealed class InboxSnapshot
{
    public static readonly InboxSnapshot Empty = new([], null);

    public InboxSnapshot(IReadOnlyList<InboxItem> items, DateTimeOffset? syncedAt)
    {
        Items = items;
        SyncedAt = syncedAt;
        Rows = items.Select(InboxRow.From).ToList();
        ById = Rows.ToDictionary(r => r.InboxId);
        ByDocumentId = Rows.GroupBy(r => r.DocumentId).ToDictionary(g => g.Key, g => g.First());
        AttachmentsByFileId = items
            .SelectMany(i => (i.Document?.Attachments ?? []).Select(a => (Attachment: a, Item: i)))
            .Where(x => x.Attachment.File?.Id is not null)
            .GroupBy(x => x.Attachment.File!.Id!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Attachment, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<InboxItem> Items { get; }
    public IReadOnlyList<InboxRow> Rows { get; }
    public IReadOnlyDictionary<int, InboxRow> ById { get; }
    public IReadOnlyDictionary<int, InboxRow> ByDocumentId { get; }
    public IReadOnlyDictionary<string, Attachment> AttachmentsByFileId { get; }
    public DateTimeOffset? SyncedAt { get; }

    public InboxSnapshot With(InboxItem updated) =>
        new(Items.Select(i => i.Id == updated.Id ? updated : i).ToList(), SyncedAt);

    public InboxSnapshot Without(int inboxId) => new(Items.Where(i => i.Id != inboxId).ToList(), SyncedAt);
}

/// <summary>What the grid shows and sorts on, read once per item.</summary>
public sealed record InboxRow(
    InboxItem Item, int InboxId, int DocumentId, string Type, string? DocumentNumber, string? Purchase, string? Owner, int? OwnerId,
    DateOnly? DocumentDate, DateOnly? DueDate, decimal? AmountIncludingTaxes, string? Currency, string OcrStatus,
    string? Source, DateTimeOffset? ReceivedAt, string? AccountingLabel, string? Comment, Attachment? FirstAttachment)
{
    public static InboxRow From(InboxItem item)
    {
        var d = item.Document;
        var amount = d?.AmountIncludingTaxes?.IncludingTaxes;
        return new InboxRow(item, item.Id, d?.Id ?? 0, d?.Type ?? "", d?.DocumentNumber, d?.Context?.Purchase?.Name,
            d?.Owner?.DisplayName, d?.Owner?.Id, d?.DocumentDate, d?.DueDate, amount?.Value,
            amount?.Currency ?? d?.AmountIncludingTaxes?.ExcludingTaxes?.Currency, d?.OcrStatus ?? "",
            item.Source?.Type, item.CreatedAt, d?.AccountingLabel, d?.Comment,
            d?.Attachments?.FirstOrDefault(a => a.PageCount > 0));
    }

    public bool IsOverdue(DateOnly today) => DueDate is { } due && due < today;
}
