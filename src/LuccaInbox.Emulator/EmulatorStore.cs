using System.Globalization;
using System.Text.Json.Nodes;
using LuccaInbox.Emulator.Inbox;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Emulator.Profiles;
using LuccaInbox.Emulator.Seeding;
using LuccaInbox.Emulator.Suppliers;

namespace LuccaInbox.Emulator;

/// <summary>The emulated tenant's data, in memory. All access under one lock; JSON leaves it as text or clones, written
/// as the active <see cref="EmulatorProfile"/> says (<see cref="ResponseView"/>).</summary>
public sealed partial class EmulatorStore(TimeProvider time, EmulatorProfile profile)
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
    private readonly InboxVersions _versions = new(profile.ETags);
    private readonly ResponseView _view = new(profile);
    private int _nextBookedId;
    private Dictionary<string, SeededFile> _files = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<int, JsonObject> _users = new();
    private Dictionary<int, JsonObject> _purchases = new();

    public void Reset(int seed, int documents)
    {
        var data = InvoiceSeeder.Generate(seed, documents, time.GetUtcNow());
        UntidyData.Apply(data.InboxItems, profile.UntidyItems, seed);
        // Re-parsed so every value is backed by JSON text, exactly as a body received over HTTP would be.
        var inbox = data.InboxItems.Select(Reparse).ToList();
        var booked = data.BookedDocuments.Select(Reparse).ToList();
        var purchases = data.Purchases.Select(Reparse).ToDictionary(p => Id(p));
        if (profile.PopulatedAction) PossibleActions.Populate(inbox, purchases.Keys.Order().ToList());
        lock (_lock)
        {
            _inbox = new SortedDictionary<int, JsonObject>(inbox.ToDictionary(i => Id(i)));
            _booked = new SortedDictionary<int, JsonObject>(booked.ToDictionary(d => Id(d)));
            _inboxIdByDocumentId = inbox.Where(i => DocumentIdOf(i) is not null).ToDictionary(i => DocumentIdOf(i)!.Value, i => Id(i));
            _versions.Reset(_inbox.Keys);
            _files = data.Files.ToDictionary(f => f.FileId.ToString(), StringComparer.OrdinalIgnoreCase);
            _users = data.Users.Select(Reparse).ToDictionary(u => Id(u));
            _users[Id(IntegrationUser)] = (JsonObject)IntegrationUser.DeepClone();
            _purchases = purchases;
            _suppliers = new SortedDictionary<int, JsonObject>(data.Suppliers.ToDictionary(s => s.Id, s => SupplierJson.Supplier(s, profile)));
            _truth = data.Truth;
            // New booked ids (API-FACTS §15.8 "New") come from a range above every seeded id of any kind.
            _nextBookedId = InvoiceSeeder.NextRangeStart(_inbox.Keys.Concat(_inboxIdByDocumentId.Keys).Concat(_booked.Keys).DefaultIfEmpty(0).Max());
        }
    }

    public int InboxCount { get { lock (_lock) return _inbox.Count; } }

    public string ListInbox(Func<JsonObject, bool> filter, CollectionQuery query)
    {
        lock (_lock) return query.Render(_inbox.Values.Where(filter).ToList(), _view.Render);
    }

    public string ListBooked(Func<JsonObject, bool> filter, CollectionQuery query)
    {
        lock (_lock) return query.Render(_booked.Values.Where(filter).ToList(), _view.Render);
    }

    public string ListPurchases(CollectionQuery query)
    {
        // Each purchase names its supplier the way the profile says, in the list as in GET /purchases/{id}.
        lock (_lock) return query.Render(_purchases.Values.OrderBy(Id).Select(p => SupplierJson.Purchase(p, profile)).ToList(), _view.Render);
    }

    public (string Json, string? ETag)? GetDocument(int documentId)
    {
        lock (_lock)
        {
            return _inboxIdByDocumentId.TryGetValue(documentId, out var inboxId)
                ? (_view.Render(_inbox[inboxId]["document"]!), _versions.DocumentETag(inboxId, documentId))
                : null;
        }
    }

    public string? GetBooked(int id, string? requiredType)
    {
        lock (_lock)
        {
            return _booked.TryGetValue(id, out var doc) && (requiredType is null || QueryFilters.Text(doc, "type") == requiredType)
                ? _view.Render(doc)
                : null;
        }
    }

    public SeededFile? GetFile(string fileId)
    {
        lock (_lock) return _files.GetValueOrDefault(fileId);
    }

    /// <summary>For tests of odd file shapes (API-FACTS §1.3): gives file <paramref name="fileId"/> that many pages, or
    /// with null removes its attachments' <c>pages</c> so only <c>file.displayHref</c> remains.</summary>
    public bool ReshapeFile(string fileId, int? pageCount)
    {
        lock (_lock)
        {
            if (!_files.TryGetValue(fileId, out var file)) return false;
            _files[fileId] = file with { PageCount = pageCount ?? file.PageCount };
            var attachments = _inbox.Values.Select(i => i["document"]?["attachments"]).OfType<JsonArray>().SelectMany(a => a).OfType<JsonObject>()
                .Where(a => string.Equals(a["file"]?["id"]?.GetValue<string>(), fileId, StringComparison.OrdinalIgnoreCase));
            foreach (var attachment in attachments)
            {
                if (pageCount is { } count && attachment["pages"] is JsonObject pages) pages["count"] = count;
                else if (pageCount is null) attachment.Remove("pages");
            }
            return true;
        }
    }

    /// <summary>For tests of hostile file ids (issue 13 item 9): every attachment of file <paramref name="fileId"/>, in the
    /// inbox and among booked documents, gets <paramref name="newId"/> as its file id and in its hrefs.</summary>
    public bool RenameFile(string fileId, string newId)
    {
        lock (_lock)
        {
            var attachments = _inbox.Values.Select(i => i["document"]?["attachments"]).Concat(_booked.Values.Select(d => d["attachments"]))
                .OfType<JsonArray>().SelectMany(a => a).OfType<JsonObject>()
                .Where(a => string.Equals(a["file"]?["id"]?.GetValue<string>(), fileId, StringComparison.OrdinalIgnoreCase)).ToList();
            foreach (var attachment in attachments)
            {
                var file = (JsonObject)attachment["file"]!;
                file["id"] = newId;
                foreach (var (owner, name) in new[] { (file, "href"), (file, "displayHref"), (attachment["pages"] as JsonObject, "displayHrefTemplate") })
                {
                    if (owner?[name] is JsonValue v && v.TryGetValue<string>(out var href))
                    {
                        owner[name] = href.Replace(fileId, newId, StringComparison.OrdinalIgnoreCase);
                    }
                }
            }
            return attachments.Count > 0;
        }
    }

    public (IReadOnlySet<int> Users, IReadOnlySet<int> Purchases) KnownIds()
    {
        lock (_lock) return (_users.Keys.ToHashSet(), _purchases.Keys.ToHashSet());
    }

    public enum WriteStatus { Ok, NotFound, PreconditionFailed, NotBookable }

    public sealed record WriteResult(WriteStatus Status, string? Json = null, string? ETag = null, string? Problem = null, int? BookedId = null);

    /// <summary>Applies a PUT body: writable fields come from the body, and a field left out is reset to its
    /// default (as the docs warn, API-FACTS §5); read-only fields stay; unknown document properties are kept.
    /// <paramref name="id"/> is an inbox item id or a document id, as the profile's PutId says (API-FACTS §15.6).</summary>
    public WriteResult UpdateInboxDocument(int id, JsonObject body, string? ifMatch)
    {
        lock (_lock)
        {
            if (InboxIdFor(id) is not { } inboxId) return new WriteResult(WriteStatus.NotFound);
            var item = _inbox[inboxId];
            var old = item["document"] as JsonObject ?? new JsonObject();
            var documentId = DocumentIdOf(item);
            if (!_versions.Matches(ifMatch, inboxId, documentId)) return new WriteResult(WriteStatus.PreconditionFailed);

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
            if (profile.PopulatedAction)
            {
                // The action is an instruction (API-FACTS §5, §15.17): AttachPurchase links that purchase, whatever context said.
                if (PossibleActions.PurchaseToAttach(body["action"]) is { } purchaseId && _purchases.ContainsKey(purchaseId))
                {
                    updated["context"] = PurchaseContext(new JsonObject { ["purchase"] = new JsonObject { ["id"] = purchaseId } });
                }
            }
            else if (body["action"] is JsonObject action)
            {
                item["action"] = action.DeepClone();
            }
            item["document"] = updated;
            item["modifiedAt"] = now;
            item["modifier"] = IntegrationUser.DeepClone();
            _versions.Bump(inboxId);
            return new WriteResult(WriteStatus.Ok, _view.Render(item), _versions.WriteETag(inboxId, documentId));
        }
    }

    /// <summary>Moves a document to booked-documents (API-FACTS §6, §15.7-9): the id and createdAt the profile says,
    /// dual-currency amounts, ToReview / None.</summary>
    public WriteResult Book(int id, string? ifMatch)
    {
        lock (_lock)
        {
            if (InboxIdFor(id) is not { } inboxId) return new WriteResult(WriteStatus.NotFound);
            var item = _inbox[inboxId];
            var document = item["document"] as JsonObject ?? new JsonObject();
            var documentId = DocumentIdOf(item);
            if (!_versions.Matches(ifMatch, inboxId, documentId)) return new WriteResult(WriteStatus.PreconditionFailed);
            if (BookedDocumentFactory.BookingBlocker(document) is { } reason) return new WriteResult(WriteStatus.NotBookable, Problem: reason);

            // §15.8: the document's id, or a new one (always new for a document without a usable id).
            var bookedId = profile.BookedId == BookedIdMode.SameAsDocument && documentId is { } same && !_booked.ContainsKey(same)
                ? same
                : _nextBookedId++;
            var now = Timestamp();
            // 2026-12-02 addendum: createdAt may be the upload time (the document's own createdAt), not the booking time.
            var createdAt = profile.BookedCreatedAt == BookedCreatedAtMode.UploadTime && QueryFilters.Text(document, "createdAt") is { } uploaded
                ? uploaded
                : now;
            var booked = BookedDocumentFactory.From(document, bookedId, createdAt, now, IntegrationUser);
            _inbox.Remove(inboxId);
            if (documentId is { } d) _inboxIdByDocumentId.Remove(d);
            _versions.Remove(inboxId);
            _booked[bookedId] = booked;
            return new WriteResult(WriteStatus.Ok, _view.Render(booked), BookedId: bookedId);
        }
    }

    /// <summary>The inbox item a PUT/book path id names under the profile's PutId (API-FACTS §5, §15.6); null = 404.</summary>
    private int? InboxIdFor(int id) => profile.PutId switch
    {
        PutIdKind.Document => _inboxIdByDocumentId.TryGetValue(id, out var inboxId) ? inboxId : null,
        _ => _inbox.ContainsKey(id) ? id : null,
    };

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

    private string Timestamp() => time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    private static JsonObject Reparse(JsonObject node) => JsonNode.Parse(node.ToJsonString())!.AsObject();

    private static int Id(JsonNode? node) => node!["id"]!.GetValue<int>();

    /// <summary>The item's document id; null when an untidy item has none (UntidyData).</summary>
    private static int? DocumentIdOf(JsonObject item) =>
        item["document"] is JsonObject document && document["id"] is JsonValue v && v.TryGetValue<int>(out var id) ? id : null;
}
