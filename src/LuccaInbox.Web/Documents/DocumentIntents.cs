using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;

namespace LuccaInbox.Web.Documents;

/// <summary>How a save or a booking of a document is written into the audit log and named in messages.</summary>
public static class DocumentIntents
{
    public static AuditIntent For(string action, InboxItem item, string? diffJson, string? note)
    {
        var amount = item.Document?.AmountIncludingTaxes?.IncludingTaxes;
        return new AuditIntent(action, item.Id, item.Document?.Id, item.Document?.DocumentNumber, item.Document?.Context?.Purchase?.Name,
            amount?.Value, amount?.Currency, diffJson, note);
    }

    public static string Describe(InboxItem item) =>
        $"{item.Document?.DocumentNumber ?? $"document {item.Document?.Id}"}" + (item.Document?.Context?.Purchase?.Name is { } p ? $" ({p})" : "");
}
