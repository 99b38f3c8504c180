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
}
