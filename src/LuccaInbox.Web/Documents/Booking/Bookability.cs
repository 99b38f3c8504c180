using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// What a document needs before it can be booked: one rule for the grid, the document page, bulk booking and the check
/// made on the version Lucca holds just before the POST. The form marks the same fields as it is typed in.
/// </summary>
public static class Bookability
{
    private sealed record RequiredField(string Field, string Label, Func<Document, bool> InDocument, Func<DocumentEditModel, bool> InForm);

    private static readonly RequiredField[] Required =
    [
        new("documentNumber", "document number", d => Filled(d.DocumentNumber), m => Filled(m.DocumentNumber)),
        new("documentDate", "document date", d => d.DocumentDate is not null, m => Filled(m.DocumentDate)),
        new("excludingTaxes", "amount excluding taxes", d => d.AmountIncludingTaxes?.ExcludingTaxes?.Value is not null, m => Filled(m.ExcludingTaxes)),
        new("includingTaxes", "amount including taxes", d => d.AmountIncludingTaxes?.IncludingTaxes?.Value is not null, m => Filled(m.IncludingTaxes)),
        new("currency", "currency", d => Filled(d.AmountIncludingTaxes?.IncludingTaxes?.Currency ?? d.AmountIncludingTaxes?.ExcludingTaxes?.Currency),
            m => Filled(m.Currency)),
        new("owner", "owner", d => d.Owner?.Id is > 0, m => m.OwnerId is not null),
    ];

    /// <returns>Why this item cannot be booked as Lucca holds it, or null.</returns>
    public static string? Blocker(InboxItem item)
    {
        if (item.Id <= 0 || item.Document is not { Id: > 0 } document) return "Its ids could not be read from Lucca.";
        if (document.OcrStatus is OcrStatuses.Pending or OcrStatuses.Processing)
        {
            return $"The OCR is still {document.OcrStatus.ToLowerInvariant()}: wait until it has read the document.";
        }
        var missing = Required.Where(r => !r.InDocument(document)).Select(r => r.Label).ToList();
        return missing.Count > 0 ? "Fill in the fields required to book: " + string.Join(", ", missing) + "." : null;
    }

    /// <summary>The form's fields (by their form name) still empty that booking needs.</summary>
    public static IReadOnlyList<string> MissingInForm(DocumentEditModel model) =>
        Required.Where(r => !r.InForm(model)).Select(r => r.Field).ToList();

    private static bool Filled(string? text) => !string.IsNullOrWhiteSpace(text);
}
