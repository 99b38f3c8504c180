using System.Text.Json;
using System.Text.Json.Serialization;

namespace LuccaInbox.Lucca.Models;

public sealed record Amount
{
    public decimal? Value { get; init; }
    public string? Currency { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record TaxLine
{
    public int? RateTypeId { get; init; }
    public decimal? Value { get; init; }
    public string? Currency { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>Single-currency amount of a document before booking (API-FACTS §1.2).</summary>
public sealed record TaxedAmount
{
    public Amount? ExcludingTaxes { get; init; }
    public IReadOnlyList<TaxLine>? Taxes { get; init; }
    public Amount? IncludingTaxes { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>Booked documents carry base (original currency) and counter (converted) amounts, and the rate between them.</summary>
public sealed record DualCurrency<T>
{
    public T? Base { get; init; }
    public T? Counter { get; init; }
    public decimal? Rate { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}
