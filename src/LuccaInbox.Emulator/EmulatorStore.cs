using System.Globalization;
using System.Text.Json.Nodes;
using LuccaInbox.Emulator.Inbox;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Emulator.Seeding;

namespace LuccaInbox.Emulator;

/// <summary>The emulated tenant's data, in memory. All access under one lock; JSON leaves it as text or clones.</summary>
public sealed class EmulatorStore(TimeProvider time)
{
    /// <summary>The API key's user: who Lucca records as modifier of changes made through the API.</summary>
    public static readonly JsonObject IntegrationUser = new()
    {
        ["id"] = 1, ["href"] = "https://emulated.ilucca.net/api/v3/users/1", ["name"] = "LuccaInbox integration",
        ["firstName"] = "LuccaInbox", ["lastName"] = "integration", ["pictureHref"] = null,
    };

    private readonly Lock _lock = new();
    private SortedDictionary<int, JsonObject> _inbox = new();
    private SortedDictionary<int, JsonObject> _booked = new();
    private Dictionary<int, int> _inboxIdByDocumentId = new();
    private Dictionary<int, int> _versions = new();
    private Dictionary<string, SeededFile> _files = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<int, JsonObject> _users = new();
    private Dictionary<int, JsonObject> _purchases = new();

    public void Reset(int seed, int documents)
    {
        var data = InvoiceSeeder.Generate(seed, documents, time.GetUtcNow());
        // Re-parsed so every value is backed by JSON text, exactly as a body received over HTTP would be.
        var inbox = data.InboxItems.Select(Reparse).ToList();
        var booked = data.BookedDocuments.Select(Reparse).ToList();
        lock (_lock)
        {
            _inbox = new SortedDictionary<int, JsonObject>(inbox.ToDictionary(i => Id(i)));
            _booked = new SortedDictionary<int, JsonObject>(booked.ToDictionary(d => Id(d)));
            _inboxIdByDocumentId = inbox.ToDictionary(i => Id(i["document"]), i => Id(i));
            _versions = _inboxIdByDocumentId.Keys.ToDictionary(id => id, _ => 1);
            _files = data.Files.ToDictionary(f => f.FileId.ToString(), StringComparer.OrdinalIgnoreCase);
            _users = data.Users.Select(Reparse).ToDictionary(u => Id(u));
            _users[Id(IntegrationUser)] = (JsonObject)IntegrationUser.DeepClone();
            _purchases = data.Purchases.Select(Reparse).ToDictionary(p => Id(p));
        }
    }

    public int InboxCount { get { lock (_lock) return _inbox.Count; } }

    public string ListInbox(Func<JsonObject, bool> filter, CollectionQuery query)
    {
        lock (_lock) return query.Render(_inbox.Values.Where(filter).ToList());
    }

    public string ListBooked(Func<JsonObject, bool> filter, CollectionQuery query)
    {
        lock (_lock) return query.Render(_booked.Values.Where(filter).ToList());
    }

    public string ListPurchases(CollectionQuery query)
    {
        lock (_lock) return query.Render(_purchases.Values.OrderBy(Id).ToList());
    }

    public (string Json, string ETag)? GetDocument(int documentId)
    {
        lock (_lock)
        {
            return _inboxIdByDocumentId.TryGetValue(documentId, out var inboxId)
                ? (_inbox[inboxId]["document"]!.ToJsonString(), ETagOf(documentId))
                : null;
        }
    }

    public string? GetBooked(int id, string? requiredType)
    {
        lock (_lock)
        {
            return _booked.TryGetValue(id, out var doc) && (requiredType is null || QueryFilters.Text(doc, "type") == requiredType)
                ? doc.ToJsonString()
                : null;
        }
    }

    public SeededFile? GetFile(string fileId)
    {
        lock (_lock) return _files.GetValueOrDefault(fileId);
    }

    public (IReadOnlySet<int> Users, IReadOnlySet<int> Purchases) KnownIds()
    {
        lock (_lock) return (_users.Keys.ToHashSet(), _purchases.Keys.ToHashSet());
    }

    public enum WriteStatus { Ok, NotFound, PreconditionFailed, NotBookable }

    public sealed record WriteResult(WriteStatus Status, string? Json = null, string? ETag = null, string? Problem = null);

    /// <summary>Applies a PUT body: writable fields come from the body, and a field left out is reset to its
    /// default (as the docs warn, API-FACTS §5); read-only fields stay; unknown document properties are kept.</summary>
    public WriteResult UpdateInboxDocument(int inboxId, JsonObject body, string? ifMatch)
    {
        lock (_lock)
        {
            if (!_inbox.TryGetValue(inboxId, out var item)) return new WriteResult(WriteStatus.NotFound);
            var old = (JsonObject)item["document"]!;
            var documentId = Id(old);
            if (!MatchesETag(documentId, ifMatch)) return new WriteResult(WriteStatus.PreconditionFailed);

            var sent = (JsonObject)body["document"]!;
            var now = Timestamp();
            var updated = new JsonObject
            {
                ["id"] = documentId,
                ["owner"] = sent["ownerId"] is { } ownerId ? _users[ownerId.GetValue<int>()].DeepClone() : null,
                ["type"] = sent["type"]?.DeepClone() ?? "Invoice",
                ["context"] = PurchaseContext(sent["context"]),
                ["documentBreakdown"] = old["documentBreakdown"]?.DeepClone(),
                ["documentDate"] = sent["documentDate"]?.DeepClone(),
                ["documentNumber"] = sent["documentNumber"]?.DeepClone(),
                ["amountIncludingTaxes"] = sent["amountIncludingTaxes"]?.DeepClone(),
                ["accountingLabel"] = sent["accountingLabel"]?.DeepClone(),
                ["comment"] = sent["comment"]?.DeepClone(),
                ["intraCommunityTaxes"] = sent["intraCommunityTaxes"]?.DeepClone() ?? false,
                ["attachments"] = old["attachments"]?.DeepClone(),
                ["ocrStatus"] = old["ocrStatus"]?.DeepClone(),
                ["dueDate"] = sent["dueDate"]?.DeepClone(),
                ["paymentDetails"] = sent["paymentDetails"]?.DeepClone(),
                ["createdAt"] = old["createdAt"]?.DeepClone(),
                ["modifiedAt"] = now,
                ["author"] = old["author"]?.DeepClone(),
                ["modifier"] = IntegrationUser.DeepClone(),
            };
            foreach (var (name, value) in sent)
            {
                if (name != "ownerId" && !updated.ContainsKey(name)) updated[name] = value?.DeepClone();
            }
            item["document"] = updated;
            item["modifiedAt"] = now;
            item["modifier"] = IntegrationUser.DeepClone();
            if (body["action"] is JsonObject action) item["action"] = action.DeepClone();
            _versions[documentId]++;
            return new WriteResult(WriteStatus.Ok, item.ToJsonString(), ETagOf(documentId));
        }
    }

    /// <summary>Moves a document to booked-documents (API-FACTS §6, §15.7-9): same id, dual-currency amounts, ToReview / None.</summary>
    public WriteResult Book(int inboxId, string? ifMatch)
    {
        lock (_lock)
        {
            if (!_inbox.TryGetValue(inboxId, out var item)) return new WriteResult(WriteStatus.NotFound);
            var document = (JsonObject)item["document"]!;
            var documentId = Id(document);
            if (!MatchesETag(documentId, ifMatch)) return new WriteResult(WriteStatus.PreconditionFailed);
            if (BookingBlocker(document) is { } reason) return new WriteResult(WriteStatus.NotBookable, Problem: reason);

            var booked = BookedDocumentFactory.From(document, Timestamp(), IntegrationUser);
            _inbox.Remove(inboxId);
            _inboxIdByDocumentId.Remove(documentId);
            _booked[documentId] = booked;
            return new WriteResult(WriteStatus.Ok, booked.ToJsonString());
        }
    }

    private static string? BookingBlocker(JsonObject document)
    {
        var ocr = QueryFilters.Text(document, "ocrStatus");
        if (ocr is "Pending" or "Processing") return $"The document cannot be booked while its OCR is {ocr}.";
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(QueryFilters.Text(document, "documentNumber"))) missing.Add("documentNumber");
        if (document["documentDate"] is null) missing.Add("documentDate");
        if (document["owner"] is null) missing.Add("owner");
        if (document["amountIncludingTaxes"]?["includingTaxes"]?["value"] is null) missing.Add("amountIncludingTaxes.includingTaxes");
        return missing.Count > 0 ? $"The document cannot be booked without: {string.Join(", ", missing)}." : null;
    }

    private JsonNode? PurchaseContext(JsonNode? sentContext)
    {
        if (sentContext is not JsonObject context) return null;
        var result = (JsonObject)context.DeepClone();
        if (context["purchase"] is JsonObject purchase && _purchases.TryGetValue(purchase["id"]!.GetValue<int>(), out var known))
        {
            // The response renders the full reference (href, name) from what the body identified.
            var reference = (JsonObject)purchase.DeepClone();
            reference["href"] = known["href"]?.DeepClone();
            reference["name"] = known["name"]?.DeepClone();
            reference["type"] = purchase["type"]?.DeepClone() ?? known["type"]?.DeepClone();
            result["purchase"] = reference;
        }
        return result;
    }

    private bool MatchesETag(int documentId, string? ifMatch) =>
        string.IsNullOrEmpty(ifMatch) || ifMatch == "*" || ifMatch.Split(',').Select(t => t.Trim()).Contains(ETagOf(documentId));

    private string ETagOf(int documentId) => $"\"doc-{documentId}-v{_versions[documentId]}\"";

    private string Timestamp() => time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    private static JsonObject Reparse(JsonObject node) => JsonNode.Parse(node.ToJsonString())!.AsObject();

    private static int Id(JsonNode? node) => node!["id"]!.GetValue<int>();
}
