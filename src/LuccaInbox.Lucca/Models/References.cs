using System.Text.Json;
using System.Text.Json.Serialization;

namespace LuccaInbox.Lucca.Models;

// Every model keeps the JSON properties it does not know in Extra, so GET → edit → PUT sends back
// everything Lucca gave (ARCHITECTURE.md "Round-trip fidelity"). Enum-valued fields are strings
// (constants in LuccaEnums) so an unknown value never throws and survives the round trip.

public sealed record UserReference
{
    public int Id { get; init; }
    public string? Href { get; init; }
    public string? Name { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? PictureHref { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }

    [JsonIgnore]
    public string DisplayName =>
        !string.IsNullOrWhiteSpace(Name) ? Name
        : $"{FirstName} {LastName}".Trim() is { Length: > 0 } fullName ? fullName
        : $"#{Id}";
}

public sealed record PurchaseReference
{
    public int Id { get; init; }
    public string? Href { get; init; }
    public string? Name { get; init; }
    public string? Type { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record NamedReference
{
    public int Id { get; init; }
    public string? Href { get; init; }
    public string? Name { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record DocumentContext
{
    public PurchaseReference? Purchase { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record BankAccount
{
    public string? Iban { get; init; }
    public string? Bic { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record PaymentDetails
{
    public string? PaymentMethod { get; init; }
    public BankAccount? BankAccount { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record InboxSource
{
    public string? Type { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}
