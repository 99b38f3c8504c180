using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LuccaInbox.Lucca.Models;

// Suppliers and purchases (API-FACTS §10–11). Only the members the app reads are typed; the rest stays in Extra.
// Where a purchase names its supplier is not documented (§10 shows only part of a purchase): a supplier reference
// {id, name, href}, a bare supplierId, or nothing at all are all read.

public sealed record Supplier
{
    public int Id { get; init; }
    public string? Name { get; init; }
    public string? State { get; init; }
    public LegalRegistration? LegalRegistration { get; init; }
    public BankAccount? BankAccount { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>Paths that could not be read (a territory id of an unexpected type, …); the rest was read.</summary>
    [JsonIgnore] public IReadOnlyList<string> Unreadable { get; init; } = [];

    internal Supplier Read(JsonObject? raw, IReadOnlyList<string> unreadable) => this with { Unreadable = unreadable };
}

public sealed record LegalRegistration
{
    public string? Identifier { get; init; }
    public string? VatNumber { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record Purchase
{
    public int Id { get; init; }
    public string? Name { get; init; }
    public string? Type { get; init; }
    public NamedReference? Supplier { get; init; }
    public int? SupplierId { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }

    [JsonIgnore] public IReadOnlyList<string> Unreadable { get; init; } = [];

    /// <summary>The supplier's id, from whichever way this purchase names it; null when it does not.</summary>
    [JsonIgnore] public int? SupplierIdOrNull => Supplier is { Id: > 0 } s ? s.Id : SupplierId is > 0 ? SupplierId : null;

    internal Purchase Read(JsonObject? raw, IReadOnlyList<string> unreadable) => this with { Unreadable = unreadable };
}
