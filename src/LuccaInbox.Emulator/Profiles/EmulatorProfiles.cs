namespace LuccaInbox.Emulator.Profiles;

/// <summary>
/// The named profiles: each sets a few knobs on top of whatever came before it (Emulator:Profile = "a,b": b wins).
/// Adding the next surprise from a real tenant is one knob in <see cref="EmulatorProfile"/> and one line here.
/// </summary>
public static class EmulatorProfiles
{
    private static readonly List<(string Name, Func<EmulatorProfile, EmulatorProfile> Apply)> All =
    [
        ("default", _ => new EmulatorProfile()), // every answer API-FACTS §15 chose; resets what came before
        ("document-id", p => p with { PutId = PutIdKind.Document }),
        ("per-resource-etags", p => p with { ETags = ETagMode.PerResource }),
        ("ignored-etags", p => p with { ETags = ETagMode.Ignored }),
        ("no-etags", p => p with { ETags = ETagMode.None }),
        ("upload-time", p => p with { BookedCreatedAt = BookedCreatedAtMode.UploadTime }),
        ("new-booked-ids", p => p with { BookedId = BookedIdMode.New }),
        ("book-no-content", p => p with { BookAnswer = BookAnswerMode.NoContent }),
        ("book-accepted", p => p with { BookAnswer = BookAnswerMode.Accepted }),
        ("no-nulls", p => p with { ExplicitNulls = ExplicitNullsMode.Refused, OmitNulls = true }),
        ("no-chunked", p => p with { RefuseChunkedBodies = true }),
        ("small-pages", p => p with { MaxPageSizeBefore408 = 200 }),
        ("busy-tenant", p => p with { OtherIntegrationShare = 0.3, RetryAfterOn429 = false }),
        ("retry-after-date", p => p with { RetryAfterOn429 = true, RetryAfterFormat = RetryAfterFormat.HttpDate }),
        ("untidy", p => p with { UntidyItems = 12 }),
        ("sparse", p => p with { OmitNulls = true, PopulatedAction = true, DateTimes = true }),
        ("odd-suppliers", p => p with { PurchaseSupplier = PurchaseSupplierMode.SupplierIdOnly, TerritoryId = TerritoryIdMode.Integer,
            NoBankAccount = SupplierNoBankAccountMode.EmptyObject }),
        ("no-purchase-supplier", p => p with { PurchaseSupplier = PurchaseSupplierMode.Missing, NoBankAccount = SupplierNoBankAccountMode.Missing }),
        ("strictest", p => Combine(p, "document-id", "per-resource-etags", "upload-time", "new-booked-ids", "book-no-content",
            "no-nulls", "no-chunked", "small-pages", "busy-tenant", "untidy", "sparse", "odd-suppliers")),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(p => p.Name).ToList();

    public static IReadOnlyDictionary<string, Func<EmulatorProfile, EmulatorProfile>> Named { get; } =
        All.ToDictionary(p => p.Name, p => p.Apply, StringComparer.OrdinalIgnoreCase);

    private static EmulatorProfile Combine(EmulatorProfile start, params string[] names) =>
        names.Aggregate(start, (profile, name) => Named[name](profile));
}
