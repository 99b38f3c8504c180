using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>The invoice check's field keys ("includingTaxes", "taxes[1]") as the form's paths and labels
/// (<see cref="WritableFields.LabelOf"/>), and as the form's input test ids.</summary>
public static class FieldLabels
{
    public static string PathOf(string field) => field switch
    {
        "excludingTaxes" => "amountIncludingTaxes.excludingTaxes.value",
        "includingTaxes" => "amountIncludingTaxes.includingTaxes.value",
        "currency" => "amountIncludingTaxes.includingTaxes.currency",
        "iban" => "paymentDetails.bankAccount.iban",
        "bic" => "paymentDetails.bankAccount.bic",
        _ when field.StartsWith("taxes[", StringComparison.Ordinal) => $"amountIncludingTaxes.{field}.value",
        _ => field,
    };

    /// <summary>"taxes[1]" → "VAT amount (line 2)".</summary>
    public static string Of(string field) => WritableFields.LabelOf(PathOf(field));
}
