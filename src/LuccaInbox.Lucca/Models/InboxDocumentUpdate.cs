using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LuccaInbox.Lucca.Models;

/// <summary>
/// Body of PUT /services/inbox-documents/{id} (API-FACTS §5): not the inbox item, but
/// <c>{document, action}</c>, with the owner flattened to <c>ownerId</c> and the read-only fields left out.
/// </summary>
public sealed record InboxDocumentUpdate
{
    public required DocumentUpdate Document { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Action { get; init; }

    /// <summary>The one place where a fetched inbox item becomes a PUT body.</summary>
    public static InboxDocumentUpdate From(InboxItem item)
    {
        var document = item.Document ?? throw new ArgumentException($"Inbox item {item.Id} has no document.", nameof(item));
        return new InboxDocumentUpdate { Document = DocumentUpdate.From(document), Action = ActionToSend(item.Action) };
    }

    // The GET example shows "action": {} and the PUT's action is optional (API-FACTS §5, §15.17):
    // an empty or type-less action is not sent, a populated one goes back as it came.
    private static JsonObject? ActionToSend(JsonObject? action) =>
        action is { Count: > 0 } && action.ContainsKey("type") ? (JsonObject)action.DeepClone() : null;
}

/// <summary>The writable part of a document. Nulls are written, because a PUT sends the complete representation.</summary>
public sealed record DocumentUpdate
{
    public int? OwnerId { get; init; }
    public string? Type { get; init; }
    public ContextUpdate? Context { get; init; }
    public DateOnly? DocumentDate { get; init; }
    public string? DocumentNumber { get; init; }
    public TaxedAmount? AmountIncludingTaxes { get; init; }
    public string? AccountingLabel { get; init; }
    public string? Comment { get; init; }
    public bool? IntraCommunityTaxes { get; init; }
    public DateOnly? DueDate { get; init; }
    public PaymentDetails? PaymentDetails { get; init; }

    /// <summary>Document properties this client does not know: sent back untouched.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }

    public static DocumentUpdate From(Document document) => new()
    {
        OwnerId = document.Owner?.Id,
        Type = document.Type,
        Context = document.Context is null ? null : new ContextUpdate
        {
            Purchase = document.Context.Purchase is { } purchase
                ? new PurchaseUpdate { Id = purchase.Id, Type = purchase.Type, Extra = purchase.Extra }
                : null,
            Extra = document.Context.Extra,
        },
        DocumentDate = document.DocumentDate,
        DocumentNumber = document.DocumentNumber,
        AmountIncludingTaxes = document.AmountIncludingTaxes,
        AccountingLabel = document.AccountingLabel,
        Comment = document.Comment,
        IntraCommunityTaxes = document.IntraCommunityTaxes,
        DueDate = document.DueDate,
        PaymentDetails = document.PaymentDetails,
        Extra = document.Extra,
    };
}

public sealed record ContextUpdate
{
    public PurchaseUpdate? Purchase { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>The request schema has only the purchase's id and type (href and name are read-only).</summary>
public sealed record PurchaseUpdate
{
    public int Id { get; init; }
    public string? Type { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}
