namespace LuccaInbox.Emulator.Profiles;

/// <summary>Which id PUT/book on /services/inbox-documents/{id} take (API-FACTS §5, §15.6).</summary>
public enum PutIdKind { InboxItem, Document }

/// <summary>How ETags and If-Match behave (API-FACTS Addendum: concurrency control, and the 2026-12-02 addendum).</summary>
public enum ETagMode
{
    /// <summary>GET /api/documents/{id} sends an ETag; PUT/book honour If-Match against that same value.</summary>
    SharedDocument,
    /// <summary>The document and the inbox item each have their own ETag; If-Match on PUT/book is checked against the inbox item's.</summary>
    PerResource,
    /// <summary>ETags are sent, If-Match is never checked.</summary>
    Ignored,
    /// <summary>No ETag headers, If-Match ignored.</summary>
    None,
}

/// <summary>What a booked document's createdAt is (API-FACTS §9.2, 2026-12-02 addendum).</summary>
public enum BookedCreatedAtMode { BookingTime, UploadTime }

/// <summary>Id of the booked document (API-FACTS §15.8).</summary>
public enum BookedIdMode { SameAsDocument, New }

/// <summary>Status and body of POST .../book (API-FACTS §6, §15.7).</summary>
public enum BookAnswerMode { BookedDocument, NoContent, Accepted }

/// <summary>Whether a PUT body may carry explicit JSON nulls (API-FACTS §15.20).</summary>
public enum ExplicitNullsMode { Accepted, Refused }

/// <summary>How Retry-After is written on 429 (API-FACTS §0.4, §15.14).</summary>
public enum RetryAfterFormat { Seconds, HttpDate }

/// <summary>How GET /api/purchases/{id} names the purchase's supplier (undocumented).</summary>
public enum PurchaseSupplierMode
{
    /// <summary><c>supplier: {id, name, href}</c>.</summary>
    SupplierReference,
    /// <summary><c>supplierId: 42</c>, no supplier object.</summary>
    SupplierIdOnly,
    /// <summary>No supplier at all.</summary>
    Missing,
}

/// <summary>supplier.territory.id: an ISO code such as "FR", or an integer as in the docs' example (API-FACTS §15.18).</summary>
public enum TerritoryIdMode { IsoCode, Integer }

/// <summary>The bankAccount of a supplier paid by card only.</summary>
public enum SupplierNoBankAccountMode
{
    /// <summary><c>"bankAccount": null</c>.</summary>
    Null,
    /// <summary>No bankAccount property.</summary>
    Missing,
    /// <summary><c>"bankAccount": {"iban": null, "bic": null}</c>.</summary>
    EmptyObject,
}

/// <summary>
/// One answer to each open API question the emulator plays (config key <c>Emulator:Profile</c>). The defaults are the
/// answers API-FACTS §15 chose; the named profiles in <see cref="EmulatorProfiles"/> each change a few knobs.
/// </summary>
public sealed record EmulatorProfile
{
    public const string DefaultName = "default";

    /// <summary>API-FACTS §5, §15.6: the inbox item's id (today) or the document's id.</summary>
    public PutIdKind PutId { get; init; } = PutIdKind.InboxItem;

    /// <summary>API-FACTS Addenda: one shared document ETag (today), per-resource ETags, If-Match ignored, or no ETags.</summary>
    public ETagMode ETags { get; init; } = ETagMode.SharedDocument;

    /// <summary>API-FACTS §9.2, §15.11, 2026-12-02 addendum: booked createdAt is the booking time (today) or the upload time.</summary>
    public BookedCreatedAtMode BookedCreatedAt { get; init; } = BookedCreatedAtMode.BookingTime;

    /// <summary>API-FACTS §15.8: the booked document keeps the document id (today) or gets a new one.</summary>
    public BookedIdMode BookedId { get; init; } = BookedIdMode.SameAsDocument;

    /// <summary>API-FACTS §15.7: 200 + booked document (today), 204 without body, or 202 with {"id"}.</summary>
    public BookAnswerMode BookAnswer { get; init; } = BookAnswerMode.BookedDocument;

    /// <summary>API-FACTS §15.20: explicit nulls in a PUT body accepted (today) or refused with 400 (then nulls are never sent either).</summary>
    public ExplicitNullsMode ExplicitNulls { get; init; } = ExplicitNullsMode.Accepted;

    /// <summary>2026-12-02 addendum: 411 Length Required for a chunked request body.</summary>
    public bool RefuseChunkedBodies { get; init; }

    /// <summary>API-FACTS §0.4/§0.5, 2026-12-02 addendum: a collection page larger than this answers 408. Null = never.</summary>
    public int? MaxPageSizeBefore408 { get; init; }

    /// <summary>API-FACTS §0.4, §15.14: whether a 429 carries Retry-After (today: yes).</summary>
    public bool RetryAfterOn429 { get; init; } = true;

    /// <summary>API-FACTS §0.4, 2026-12-02 addendum: Retry-After as delta-seconds or as an HTTP date.</summary>
    public RetryAfterFormat RetryAfterFormat { get; init; } = RetryAfterFormat.Seconds;

    /// <summary>API-FACTS §0.4: share (0..1) of the tenant's RequestsPerMinute spent by the customer's other integrations.</summary>
    public double OtherIntegrationShare { get; init; }

    /// <summary>2026-12-02 addendum, §15.20: how many inbox items carry the shapes a real tenant's history accumulates.</summary>
    public int UntidyItems { get; init; }

    /// <summary>API-FACTS §15.20: responses leave out null-valued properties (always so when explicit nulls are refused).</summary>
    public bool OmitNulls { get; init; }

    /// <summary>API-FACTS §3, §15.17, 2026-12-02 addendum: GET items carry a populated action, and a PUT's action is an instruction.</summary>
    public bool PopulatedAction { get; init; }

    /// <summary>2026-12-02 addendum: documentDate/dueDate rendered with a time part.</summary>
    public bool DateTimes { get; init; }

    /// <summary>API-FACTS §10: how a purchase names its supplier.</summary>
    public PurchaseSupplierMode PurchaseSupplier { get; init; } = PurchaseSupplierMode.SupplierReference;

    /// <summary>API-FACTS §11, §15.18: supplier.territory.id as an ISO code (today) or an integer.</summary>
    public TerritoryIdMode TerritoryId { get; init; } = TerritoryIdMode.IsoCode;

    /// <summary>API-FACTS §11: a card-only supplier's bankAccount is null (today), missing, or an object of nulls.</summary>
    public SupplierNoBankAccountMode NoBankAccount { get; init; } = SupplierNoBankAccountMode.Null;

    /// <summary>Whether responses leave out nulls: asked for, or implied by a server that refuses them.</summary>
    public bool WritesWithoutNulls => OmitNulls || ExplicitNulls == ExplicitNullsMode.Refused;

    /// <summary>Every known profile name.</summary>
    public static IReadOnlyList<string> Names => EmulatorProfiles.Names;

    /// <summary>One name, or comma-separated names whose knobs are combined in order (later names win).</summary>
    /// <exception cref="InvalidOperationException">An unknown name; the message lists the known ones.</exception>
    public static EmulatorProfile Parse(string? names)
    {
        var profile = new EmulatorProfile();
        var parts = (string.IsNullOrWhiteSpace(names) ? DefaultName : names)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in parts)
        {
            if (!EmulatorProfiles.Named.TryGetValue(name, out var apply))
            {
                throw new InvalidOperationException(
                    $"Unknown Emulator:Profile '{name}'. Known profiles: {string.Join(", ", EmulatorProfiles.Names)}.");
            }
            profile = apply(profile);
        }
        return profile;
    }
}
