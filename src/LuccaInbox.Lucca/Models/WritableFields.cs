namespace LuccaInbox.Lucca.Models;

/// <summary>
/// One writable property of a document on PUT (API-FACTS §5): its JSON name (a diff path's first segment), the label a
/// clerk reads on the form, how it goes into the typed PUT view, and how it is taken from another version (a merge).
/// </summary>
public sealed record WritableField(
    string Name,
    string Label,
    Func<Document, DocumentUpdate, DocumentUpdate> WriteInto,
    Func<Document, Document, Document> TakeFrom);

/// <summary>
/// The writable fields of a document, one line each: the PUT mapping (<see cref="DocumentUpdate.From"/>), the diff and its
/// labels, the conflict merge and the form's labels use this table. Adding a Lucca field is one line here plus its input.
/// </summary>
public static class WritableFields
{
    public static readonly IReadOnlyList<WritableField> All =
    [
        new("type", "Type", (d, u) => u with { Type = d.Type }, (t, s) => t with { Type = s.Type }),
        new("ownerId", "Owner", (d, u) => u with { OwnerId = d.Owner?.Id }, (t, s) => t with { Owner = s.Owner }),
        new("context", "Purchase", (d, u) => u with { Context = ContextUpdate.From(d.Context) }, (t, s) => t with { Context = s.Context }),
        new("documentNumber", "Document number", (d, u) => u with { DocumentNumber = d.DocumentNumber }, (t, s) => t with { DocumentNumber = s.DocumentNumber }),
        new("documentDate", "Document date", (d, u) => u with { DocumentDate = d.DocumentDate }, (t, s) => t with { DocumentDate = s.DocumentDate }),
        new("dueDate", "Due date", (d, u) => u with { DueDate = d.DueDate }, (t, s) => t with { DueDate = s.DueDate }),
        new("amountIncludingTaxes", "Amounts", (d, u) => u with { AmountIncludingTaxes = d.AmountIncludingTaxes },
            (t, s) => t with { AmountIncludingTaxes = s.AmountIncludingTaxes }),
        new("accountingLabel", "Accounting label", (d, u) => u with { AccountingLabel = d.AccountingLabel }, (t, s) => t with { AccountingLabel = s.AccountingLabel }),
        new("comment", "Comment", (d, u) => u with { Comment = d.Comment }, (t, s) => t with { Comment = s.Comment }),
        new("intraCommunityTaxes", "Intra-community VAT", (d, u) => u with { IntraCommunityTaxes = d.IntraCommunityTaxes },
            (t, s) => t with { IntraCommunityTaxes = s.IntraCommunityTaxes }),
        new("paymentDetails", "Payment details", (d, u) => u with { PaymentDetails = d.PaymentDetails }, (t, s) => t with { PaymentDetails = s.PaymentDetails }),
    ];

    private static readonly Dictionary<string, WritableField> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Labels of the parts of a field that a diff shows on their own, by path without list indexes.</summary>
    private static readonly Dictionary<string, string> PartLabels = new(StringComparer.Ordinal)
    {
        ["context.purchase.id"] = "Purchase",
        ["amountIncludingTaxes.excludingTaxes.value"] = "Amount excluding taxes",
        ["amountIncludingTaxes.excludingTaxes.currency"] = "Currency",
        ["amountIncludingTaxes.includingTaxes.value"] = "Amount including taxes",
        ["amountIncludingTaxes.includingTaxes.currency"] = "Currency",
        ["amountIncludingTaxes.taxes.value"] = "VAT amount",
        ["amountIncludingTaxes.taxes.rateTypeId"] = "VAT rate",
        ["amountIncludingTaxes.taxes.currency"] = "Currency",
        ["paymentDetails.paymentMethod"] = "Payment method",
        ["paymentDetails.bankAccount.iban"] = "IBAN",
        ["paymentDetails.bankAccount.bic"] = "BIC",
    };

    public static WritableField? Named(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The writable field a diff path belongs to: "amountIncludingTaxes.taxes[0].value" → "amountIncludingTaxes".</summary>
    public static string FieldOf(string path) => path.Split('.', '[')[0];

    /// <summary>What a clerk reads for a diff path: "amountIncludingTaxes.taxes[1].value" → "VAT amount (line 2)".</summary>
    public static string LabelOf(string path)
    {
        var line = System.Text.RegularExpressions.Regex.Match(path, @"\[(\d+)\]");
        var withoutIndexes = System.Text.RegularExpressions.Regex.Replace(path, @"\[\d+\]", "");
        var label = PartLabels.GetValueOrDefault(withoutIndexes) ?? Named(FieldOf(path))?.Label ?? path;
        return line.Success ? $"{label} (line {int.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1})" : label;
    }

    /// <summary><paramref name="target"/> with the named fields taken from <paramref name="source"/>; unknown names change nothing.</summary>
    public static Document Take(Document target, Document source, IEnumerable<string> fields) =>
        fields.Select(Named).OfType<WritableField>().Aggregate(target, (document, field) => field.TakeFrom(document, source));
}
