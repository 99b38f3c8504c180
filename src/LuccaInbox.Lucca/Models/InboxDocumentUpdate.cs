using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LuccaInbox.Lucca.Models;

/// <summary>
/// Body of PUT /services/inbox-documents/{id} (API-FACTS §5): not the inbox item, but <c>{document, action}</c>, with the
/// owner flattened to <c>ownerId</c> and the read-only fields left out. <see cref="From"/> is the typed view of what a
/// document would write (what diffs compare); <see cref="Build"/> is the one place where a body that goes to Lucca is made.
/// </summary>
public sealed record InboxDocumentUpdate
{
    // Read-only on this PUT: the request schema lacks them (API-FACTS §5). The owner goes back as ownerId.
    private static readonly string[] ReadOnlyDocumentFields =
        ["id", "owner", "documentBreakdown", "attachments", "ocrStatus", "createdAt", "modifiedAt", "author", "modifier"];
    private static readonly string[] ReadOnlyPurchaseFields = ["href", "name"];

    public required DocumentUpdate Document { get; init; }

    /// <summary>The writable fields of a fetched item, typed.</summary>
    public static InboxDocumentUpdate From(InboxItem item)
    {
        var document = item.Document ?? throw new ArgumentException($"Inbox item {item.Id} has no document.", nameof(item));
        return new InboxDocumentUpdate { Document = DocumentUpdate.From(document) };
    }

    /// <summary>
    /// The PUT body: Lucca's own JSON of <paramref name="basis"/> (the version being written over), read-only fields
    /// dropped, with exactly the fields the user changed between <paramref name="seen"/> and <paramref name="edited"/>
    /// written over it. A field the user did not touch goes back as it came: absent stays absent, null stays null, a value
    /// keeps its form (API-FACTS addendum 2026-12-02). A field the user cleared is left out, which a PUT resets to its
    /// default (§5), so no explicit null is ever invented. <c>action</c> is never sent: on GET it describes what is
    /// possible, on PUT it is an instruction the user never gave (§15.17).
    /// </summary>
    public static JsonObject Build(Document basis, Document seen, Document edited)
    {
        var document = WritableJson(basis);
        JsonMerge.Apply(document, View(seen), View(edited));
        return new JsonObject { ["document"] = document };
    }

    private static JsonObject View(Document document) =>
        JsonSerializer.SerializeToNode(DocumentUpdate.From(document), LuccaJson.Options)!.AsObject();

    private static JsonObject WritableJson(Document basis)
    {
        if (basis.Raw is null) return View(basis); // built in code, never read from Lucca: the typed view is all there is
        var json = (JsonObject)basis.Raw.DeepClone();
        if (json.TryGetPropertyValue("owner", out var owner))
        {
            // ownerId only from a real id: never 0, never invented; a null owner stays null.
            if (owner is null) json["ownerId"] = null;
            else if (basis.Owner?.Id is > 0 and var ownerId) json["ownerId"] = ownerId;
        }
        foreach (var field in ReadOnlyDocumentFields) json.Remove(field);
        if (json["context"] is JsonObject context && context["purchase"] is JsonObject purchase)
        {
            foreach (var field in ReadOnlyPurchaseFields) purchase.Remove(field);
        }
        return json;
    }
}

/// <summary>The writable part of a document, typed: what a diff of two versions compares.</summary>
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

    /// <summary>The typed view of what <paramref name="document"/> writes: each line of <see cref="WritableFields"/>, and the rest as it came.</summary>
    public static DocumentUpdate From(Document document) =>
        WritableFields.All.Aggregate(new DocumentUpdate { Extra = document.Extra }, (update, field) => field.WriteInto(document, update));
}

public sealed record ContextUpdate
{
    public PurchaseUpdate? Purchase { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }

    public static ContextUpdate? From(DocumentContext? context) => context is null ? null : new ContextUpdate
    {
        Purchase = context.Purchase is { } purchase ? new PurchaseUpdate { Id = purchase.Id, Type = purchase.Type, Extra = purchase.Extra } : null,
        Extra = context.Extra,
    };
}

/// <summary>The request schema has only the purchase's id and type (href and name are read-only).</summary>
public sealed record PurchaseUpdate
{
    public int Id { get; init; }
    public string? Type { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}
