using System.Globalization;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Documents;

namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>
/// The fields checked against the invoice, one row each: its key (<see cref="FieldKeys"/>), where it is in the document
/// (the path <see cref="WritableFields"/> labels, and the form's input test ids), whether the form leaves it empty, and how
/// the invoice's value goes into the form, as the clerk would type it ("Use the invoice's value"). The form's i-th VAT
/// line ("taxes[i]") follows the same rules.
/// </summary>
public static class CheckedFields
{
    private sealed record Row(string Path, Func<FormFacts, bool> IsEmpty, Action<DocumentEditModel, InvoiceValue> Apply);

    private readonly record struct InvoiceValue(object? Typed, string? Amount, string? Day);

    private static readonly Dictionary<string, Row> Rows = new()
    {
        [FieldKeys.DocumentNumber] = new("documentNumber", f => string.IsNullOrWhiteSpace(f.Number), (m, v) => m.DocumentNumber = v.Typed as string ?? m.DocumentNumber),
        [FieldKeys.Type] = new("type", f => f.Kind is null,
            (m, v) => m.Type = v.Typed switch { InvoiceKind.CreditNote => DocumentTypes.CreditNote, InvoiceKind.Invoice => DocumentTypes.Invoice, _ => m.Type }),
        [FieldKeys.DocumentDate] = new("documentDate", f => f.DocumentDate is null, (m, v) => m.DocumentDate = v.Day ?? m.DocumentDate),
        [FieldKeys.DueDate] = new("dueDate", f => f.DueDate is null, (m, v) => m.DueDate = v.Day ?? m.DueDate),
        [FieldKeys.Currency] = new("amountIncludingTaxes.includingTaxes.currency", f => string.IsNullOrWhiteSpace(f.Currency),
            (m, v) => m.Currency = v.Typed as string ?? m.Currency),
        [FieldKeys.ExcludingTaxes] = new("amountIncludingTaxes.excludingTaxes.value", f => f.ExcludingTaxes is null,
            (m, v) => m.ExcludingTaxes = v.Amount ?? m.ExcludingTaxes),
        [FieldKeys.IncludingTaxes] = new("amountIncludingTaxes.includingTaxes.value", f => f.IncludingTaxes is null,
            (m, v) => m.IncludingTaxes = v.Amount ?? m.IncludingTaxes),
        [FieldKeys.Iban] = new("paymentDetails.bankAccount.iban", f => string.IsNullOrWhiteSpace(f.Iban), (m, v) => m.Iban = v.Typed as string ?? m.Iban),
        [FieldKeys.Bic] = new("paymentDetails.bankAccount.bic", f => string.IsNullOrWhiteSpace(f.Bic), (m, v) => m.Bic = v.Typed as string ?? m.Bic),
    };

    public static string PathOf(string field) =>
        Rows.TryGetValue(field, out var row) ? row.Path : TaxLineOf(field) is not null ? $"amountIncludingTaxes.{field}.value" : field;

    /// <summary>"taxes[1]" → "VAT amount (line 2)".</summary>
    public static string LabelOf(string field) => WritableFields.LabelOf(PathOf(field));

    public static bool IsEmptyOn(FormFacts form, string field) => Rows.TryGetValue(field, out var row)
        ? row.IsEmpty(form)
        : TaxLineOf(field) is { } line && (line >= form.VatLines.Count || form.VatLines[line].Amount is null);

    public static bool CanUse(FieldVerdict verdict) => verdict is { Verdict: Verdict.Differs, InvoiceTypedValue: not null };

    public static void ApplyTo(DocumentEditModel model, FieldVerdict verdict, CultureInfo culture)
    {
        var typed = verdict.InvoiceTypedValue;
        var value = new InvoiceValue(typed,
            typed is decimal amount ? Money.Format(Math.Abs(amount), model.Currency, culture) : null,
            typed is DateOnly day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null);
        if (Rows.TryGetValue(verdict.Field, out var row)) row.Apply(model, value);
        else if (TaxLineOf(verdict.Field) is { } line && line < model.Taxes.Count) model.Taxes[line].Value = value.Amount ?? model.Taxes[line].Value;
    }

    /// <summary>"taxes[1]" → 1.</summary>
    public static int? TaxLineOf(string field) =>
        field.StartsWith("taxes[", StringComparison.Ordinal) && int.TryParse(field.AsSpan(6, field.Length - 7), CultureInfo.InvariantCulture, out var line) ? line : null;
}
