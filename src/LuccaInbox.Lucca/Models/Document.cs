using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LuccaInbox.Lucca.Models;

/// <summary>What every document of Lucca carries, before and after booking (API-FACTS §4, §9).</summary>
public abstract record LuccaDocument
{
    public int Id { get; init; }
    public string? Type { get; init; }
    public NamedReference? DocumentBreakdown { get; init; }
    public DateOnly? DocumentDate { get; init; }
    public string? DocumentNumber { get; init; }
    public string? AccountingLabel { get; init; }
    public string? Comment { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
    public DateOnly? DueDate { get; init; }
    public PaymentDetails? PaymentDetails { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? ModifiedAt { get; init; }
    public UserReference? Author { get; init; }
    public UserReference? Modifier { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>Paths of properties that had a shape the model does not expect; empty when all was read.</summary>
    [JsonIgnore] public IReadOnlyList<string> Unreadable { get; init; } = [];
}

/// <summary>An invoice document before booking (API-FACTS §4).</summary>
public sealed record Document : LuccaDocument
{
    public UserReference? Owner { get; init; }
    public DocumentContext? Context { get; init; }
    public TaxedAmount? AmountIncludingTaxes { get; init; }
    public bool? IntraCommunityTaxes { get; init; }
    public string? OcrStatus { get; init; }

    /// <summary>The document exactly as Lucca sent it: the basis of a PUT body (<see cref="InboxDocumentUpdate.Build"/>).</summary>
    [JsonIgnore] public JsonObject? Raw { get; init; }

    internal Document Read(JsonObject? raw, IReadOnlyList<string> unreadable) =>
        this with { Raw = raw, Unreadable = Id > 0 || unreadable.Contains("id") ? unreadable : [.. unreadable, "id"] };
}

/// <summary>A document in the inbox, pending processing (API-FACTS §3). Its id is not the document's id.</summary>
public sealed record InboxItem
{
    public int Id { get; init; }
    public Document? Document { get; init; }
    public InboxSource? Source { get; init; }
    public JsonObject? Action { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? ModifiedAt { get; init; }
    public UserReference? Author { get; init; }
    public UserReference? Modifier { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>The item exactly as Lucca sent it.</summary>
    [JsonIgnore] public JsonObject? Raw { get; init; }

    /// <summary>Paths (document.owner, id, …) that could not be read; the item is kept with the rest.</summary>
    [JsonIgnore] public IReadOnlyList<string> Unreadable { get; init; } = [];

    internal InboxItem Read(JsonObject? raw, IReadOnlyList<string> unreadable)
    {
        var all = unreadable.ToList();
        if (all.Contains(TolerantReader.WholeItem)) return this with { Raw = raw, Unreadable = all };
        if (Id <= 0 && !all.Contains("id")) all.Add("id");
        if (Document is null && !all.Contains("document") && !all.Contains(TolerantReader.WholeItem)) all.Add("document");
        var document = Document is null ? null : Document.Read(raw?["document"] as JsonObject,
            all.Where(p => p.StartsWith("document.", StringComparison.Ordinal)).Select(p => p["document.".Length..]).ToList());
        if (document is not null && document.Unreadable.Contains("id") && !all.Contains("document.id")) all.Add("document.id");
        return this with { Raw = raw, Document = document, Unreadable = all };
    }
}

/// <summary>A booked invoice or credit note (API-FACTS §9); also the shape of GET /api/invoices/{id}.</summary>
public sealed record BookedDocument : LuccaDocument
{
    public PurchaseReference? Purchase { get; init; }
    public DualCurrency<Amount>? ExpectedAmount { get; init; }
    public DualCurrency<Amount>? CostAmount { get; init; }
    public JsonObject? Context { get; init; }
    public DualCurrency<TaxedAmount>? AmountIncludingTaxes { get; init; }
    public DateOnly? PaymentDate { get; init; }
    public string? ConformityState { get; init; }
    public string? PaymentState { get; init; }
    public string? Completion { get; init; }
    public string? Flag { get; init; }
    public int? CommentsCount { get; init; }

    internal BookedDocument Read(JsonObject? raw, IReadOnlyList<string> unreadable) =>
        this with { Unreadable = Id > 0 || unreadable.Contains("id") ? unreadable : [.. unreadable, "id"] };
}

/// <summary>The collection envelope: items, plus count/prev/next only when asked with fields.root (API-FACTS §0.3).</summary>
public sealed record LuccaCollection<T>
{
    public IReadOnlyList<T>? Items { get; init; }
    public int? Count { get; init; }
    public string? Prev { get; init; }
    public string? Next { get; init; }
}
