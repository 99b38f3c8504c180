using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.Documents;

/// <summary>What the form says about itself. Errors block saving and booking; warnings only inform;
/// missing booking data blocks the Book button but not a save (a half-filled document may be saved).</summary>
public sealed record FormCheck(
    IReadOnlyDictionary<string, string> Errors,
    IReadOnlyDictionary<string, string> Warnings,
    IReadOnlyList<string> MissingForBooking)
{
    public bool HasErrors => Errors.Count > 0;
    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);
    public string? WarningFor(string field) => Warnings.GetValueOrDefault(field);
}

public static class DocumentValidation
{
    public const int MaxDocumentNumber = 100;
    public const int MaxAccountingLabel = 255;
    public const int MaxComment = 2000;
    private static readonly DateOnly EarliestDate = new(1990, 1, 1);
    private static readonly DateOnly LatestDate = new(2100, 12, 31);

    public static FormCheck Validate(DocumentEditModel m)
    {
        var errors = new Dictionary<string, string>();
        var warnings = new Dictionary<string, string>();
        var currency = string.IsNullOrWhiteSpace(m.Currency) ? null : m.Currency.Trim().ToUpperInvariant();

        if (!DocumentTypes.All.Contains(m.Type)) errors["type"] = "Choose Invoice or Credit note.";
        Text(errors, "documentNumber", m.DocumentNumber, MaxDocumentNumber, multiline: false);
        Text(errors, "accountingLabel", m.AccountingLabel, MaxAccountingLabel, multiline: false);
        Text(errors, "comment", m.Comment, MaxComment, multiline: true);
        var documentDate = Date(errors, "documentDate", m.DocumentDate);
        var dueDate = Date(errors, "dueDate", m.DueDate);

        if (currency is not null && !Currencies.Codes.Contains(currency)) errors["currency"] = "Use a 3-letter ISO currency code, e.g. EUR.";
        var excluding = Amount(errors, "excludingTaxes", m.ExcludingTaxes, currency);
        var including = Amount(errors, "includingTaxes", m.IncludingTaxes, currency);
        decimal taxTotal = 0;
        for (var i = 0; i < m.Taxes.Count; i++)
        {
            var line = m.Taxes[i];
            var value = Amount(errors, $"taxes[{i}]", line.Value, currency);
            if (value is not null && line.RateTypeId is null) errors[$"taxes[{i}]"] = "Choose the VAT rate of this line.";
            taxTotal += value ?? 0;
        }
        var anyAmount = excluding is not null || including is not null || m.Taxes.Any(t => !string.IsNullOrWhiteSpace(t.Value));
        if (anyAmount && currency is null) errors["currency"] = "Amounts need a currency.";

        if (!string.IsNullOrWhiteSpace(m.Iban) && BankDetails.IbanProblem(m.Iban) is { } ibanProblem) errors["iban"] = ibanProblem;
        if (!string.IsNullOrWhiteSpace(m.Bic) && BankDetails.BicProblem(m.Bic) is { } bicProblem) errors["bic"] = bicProblem;
        if (m.PaymentMethod is not null && !PaymentMethods.All.Contains(m.PaymentMethod) && m.PaymentMethod.Length > 50) errors["paymentMethod"] = "Unknown payment method.";

        if (excluding is not null && including is not null && !errors.Keys.Any(k => k.StartsWith("taxes", StringComparison.Ordinal)))
        {
            var difference = including.Value - (excluding.Value + taxTotal);
            if (Math.Abs(difference) > 0.01m)
            {
                warnings["includingTaxes"] = $"Excluding taxes + VAT = {excluding.Value + taxTotal}, not {including.Value} (difference {difference}). Check against the invoice.";
            }
        }
        if (documentDate is not null && dueDate is not null && dueDate < documentDate)
        {
            warnings["dueDate"] = "The due date is before the document date.";
        }

        return new FormCheck(errors, warnings, Bookability.MissingInForm(m));
    }

    private static void Text(Dictionary<string, string> errors, string field, string? value, int maxLength, bool multiline)
    {
        if (value is null) return;
        if (value.Length > maxLength)
        {
            errors[field] = $"At most {maxLength} characters ({value.Length} now).";
        }
        else if (value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            errors[field] = multiline ? "Contains invisible control characters." : "Contains line breaks or invisible control characters.";
        }
    }

    private static DateOnly? Date(Dictionary<string, string> errors, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DocumentEditModel.ParseDay(text) is not { } day)
        {
            errors[field] = "Enter a real date (year-month-day).";
            return null;
        }
        if (day < EarliestDate || day > LatestDate)
        {
            errors[field] = $"The date must be between {EarliestDate:yyyy} and {LatestDate:yyyy}.";
            return null;
        }
        return day;
    }

    private static decimal? Amount(Dictionary<string, string> errors, string field, string? text, string? currency)
    {
        if (!Money.TryParse(text, currency, out var value, out var problem))
        {
            errors[field] = problem!;
            return null;
        }
        return value;
    }
}
