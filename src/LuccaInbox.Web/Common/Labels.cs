using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.Common;

public static class Labels
{
    public static string DocumentType(string? type) => type switch
    {
        DocumentTypes.Invoice => "Invoice",
        DocumentTypes.CreditNote => "Credit note",
        null or "" => "—",
        _ => type,
    };

    public static string PaymentMethod(string? method) => method switch
    {
        "BankTransfer" => "Bank transfer",
        "PhysicalCard" => "Card",
        "Check" => "Cheque",
        "DirectDebit" => "Direct debit",
        "SingleUseCard" => "Single-use card",
        null or "" => "—",
        _ => method,
    };

    public static string RateType(int? id) => id switch
    {
        1 => "Normal (20 %)",
        2 => "Intermediate (10 %)",
        3 => "Reduced (5.5 %)",
        4 => "Super-reduced (2.1 %)",
        null => "—",
        _ => $"Rate type {id}",
    };

    public static readonly IReadOnlyList<int> KnownRateTypes = [1, 2, 3, 4];

    /// <summary>The percentage of a known rate type (the invoice check matches VAT lines by rate); null when unknown.</summary>
    public static decimal? RatePercent(int? id) => id switch { 1 => 20m, 2 => 10m, 3 => 5.5m, 4 => 2.1m, _ => null };

    /// <summary>A conformity state as a clerk reads it: "ToReview" → "To review".</summary>
    public static string ConformityState(string? state) => state switch
    {
        "ToReview" => "To review",
        "PendingBreakdown" => "Pending breakdown",
        "Bypassed" => "Bypassed",
        _ => Humanise(state),
    };

    public static string PaymentState(string? state) => state switch
    {
        "None" => "Not set",
        "ToPay" => "To pay",
        "UnderReview" => "Under review",
        "OnHold" => "On hold",
        _ => Humanise(state),
    };

    public static string Completion(string? completion) => Humanise(completion);

    public static string Flag(string? flag) => flag switch
    {
        "Unflagged" => "Not flagged",
        _ => Humanise(flag),
    };

    /// <summary>Any code never shown raw: "PendingBreakdown" → "Pending breakdown", "ON_HOLD" → "On hold"; empty → "—".</summary>
    public static string Humanise(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return "—";
        var spaced = System.Text.RegularExpressions.Regex.Replace(code.Trim().Replace('_', ' ').Replace('-', ' '),
            "(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ");
        var words = spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var text = string.Join(' ', words.Select(w => w.All(char.IsUpper) && w.Length > 1 && !code.Contains('_') ? w : w.ToLowerInvariant()));
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
