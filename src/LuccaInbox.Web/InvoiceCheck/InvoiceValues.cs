using System.Globalization;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Documents;

namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>"Use the invoice's value": puts what the invoice says for one field into the form, as the clerk would type it.</summary>
public static class InvoiceValues
{
    public static bool CanUse(FieldVerdict verdict) => verdict is { Verdict: Verdict.Differs, InvoiceTypedValue: not null };

    public static void ApplyTo(DocumentEditModel model, FieldVerdict verdict, CultureInfo culture)
    {
        var value = verdict.InvoiceTypedValue;
        string? Amount() => value is decimal d ? Money.Format(Math.Abs(d), model.Currency, culture) : null;
        string? Day() => value is DateOnly day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        switch (verdict.Field)
        {
            case "documentNumber": model.DocumentNumber = value as string ?? model.DocumentNumber; break;
            case "type": model.Type = value is InvoiceKind.CreditNote ? DocumentTypes.CreditNote : value is InvoiceKind.Invoice ? DocumentTypes.Invoice : model.Type; break;
            case "documentDate": model.DocumentDate = Day() ?? model.DocumentDate; break;
            case "dueDate": model.DueDate = Day() ?? model.DueDate; break;
            case "currency": model.Currency = value as string ?? model.Currency; break;
            case "excludingTaxes": model.ExcludingTaxes = Amount() ?? model.ExcludingTaxes; break;
            case "includingTaxes": model.IncludingTaxes = Amount() ?? model.IncludingTaxes; break;
            case "iban": model.Iban = value as string ?? model.Iban; break;
            case "bic": model.Bic = value as string ?? model.Bic; break;
            default:
                if (TaxLineOf(verdict.Field) is { } line && line < model.Taxes.Count) model.Taxes[line].Value = Amount() ?? model.Taxes[line].Value;
                break;
        }
    }

    /// <summary>"taxes[1]" → 1.</summary>
    public static int? TaxLineOf(string field) =>
        field.StartsWith("taxes[", StringComparison.Ordinal) && int.TryParse(field.AsSpan(6, field.Length - 7), CultureInfo.InvariantCulture, out var line) ? line : null;
}
