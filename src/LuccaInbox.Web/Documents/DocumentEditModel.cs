using System.Globalization;
using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// What the form edits: text as typed, so nothing the user entered is lost while it is not yet valid.
/// <see cref="ApplyTo"/> is the one function that writes it back onto the fetched document, changing only
/// what the user changed and keeping everything else (unknown properties included) as Lucca sent it.
/// </summary>
public sealed class DocumentEditModel
{
    public string Type { get; set; } = DocumentTypes.Invoice;
    public int? OwnerId { get; set; }
    public int? PurchaseId { get; set; }
    public string? DocumentNumber { get; set; }
    public string? DocumentDate { get; set; }
    public string? DueDate { get; set; }
    public string? ExcludingTaxes { get; set; }
    public List<TaxLineModel> Taxes { get; set; } = [];
    public string? IncludingTaxes { get; set; }
    public string? Currency { get; set; }
    public string? AccountingLabel { get; set; }
    public string? Comment { get; set; }
    public bool IntraCommunityTaxes { get; set; }
    public string? PaymentMethod { get; set; }
    public string? Iban { get; set; }
    public string? Bic { get; set; }

    public sealed class TaxLineModel
    {
        public int? RateTypeId { get; set; }
        public string? Value { get; set; }
    }

    public static DocumentEditModel From(Document document, CultureInfo culture)
    {
        var amounts = document.AmountIncludingTaxes;
        var currency = amounts?.IncludingTaxes?.Currency ?? amounts?.ExcludingTaxes?.Currency;
        return new DocumentEditModel
        {
            Type = document.Type ?? DocumentTypes.Invoice,
            OwnerId = document.Owner?.Id,
            PurchaseId = document.Context?.Purchase?.Id,
            DocumentNumber = document.DocumentNumber,
            DocumentDate = Day(document.DocumentDate),
            DueDate = Day(document.DueDate),
            ExcludingTaxes = Money.Format(amounts?.ExcludingTaxes?.Value, currency, culture),
            Taxes = (amounts?.Taxes ?? []).Select(t => new TaxLineModel { RateTypeId = t.RateTypeId, Value = Money.Format(t.Value, currency, culture) }).ToList(),
            IncludingTaxes = Money.Format(amounts?.IncludingTaxes?.Value, currency, culture),
            Currency = currency,
            AccountingLabel = document.AccountingLabel,
            Comment = document.Comment,
            IntraCommunityTaxes = document.IntraCommunityTaxes ?? false,
            PaymentMethod = document.PaymentDetails?.PaymentMethod,
            Iban = document.PaymentDetails?.BankAccount?.Iban,
            Bic = document.PaymentDetails?.BankAccount?.Bic,
        };
    }

    /// <summary>Whether anything was typed or chosen since <paramref name="pristine"/>: the unsaved-edits test.</summary>
    public bool DiffersFrom(DocumentEditModel pristine)
    {
        static bool Differ(string? a, string? b) => !string.Equals(a?.Trim() ?? "", b?.Trim() ?? "", StringComparison.Ordinal);
        return Type != pristine.Type || OwnerId != pristine.OwnerId || PurchaseId != pristine.PurchaseId
            || Differ(DocumentNumber, pristine.DocumentNumber) || Differ(DocumentDate, pristine.DocumentDate) || Differ(DueDate, pristine.DueDate)
            || Differ(ExcludingTaxes, pristine.ExcludingTaxes) || Differ(IncludingTaxes, pristine.IncludingTaxes) || Differ(Currency, pristine.Currency)
            || Differ(AccountingLabel, pristine.AccountingLabel) || Differ(Comment, pristine.Comment) || IntraCommunityTaxes != pristine.IntraCommunityTaxes
            || PaymentMethod != pristine.PaymentMethod || Differ(Iban, pristine.Iban) || Differ(Bic, pristine.Bic)
            || Taxes.Count != pristine.Taxes.Count
            || Taxes.Zip(pristine.Taxes).Any(p => p.First.RateTypeId != p.Second.RateTypeId || Differ(p.First.Value, p.Second.Value));
    }

    public DocumentEditModel Clone()
    {
        var copy = (DocumentEditModel)MemberwiseClone();
        copy.Taxes = Taxes.Select(t => new TaxLineModel { RateTypeId = t.RateTypeId, Value = t.Value }).ToList();
        return copy;
    }

    /// <summary>
    /// The fetched document with the form's values. A field whose text is as <paramref name="pristine"/> (the model
    /// made from <paramref name="original"/>) keeps Lucca's exact value, so "250" never becomes "250.00" unasked.
    /// Call only when <see cref="DocumentValidation"/> found no errors.
    /// </summary>
    public Document ApplyTo(Document original, DocumentEditModel pristine, IReadOnlyDictionary<int, PurchaseReference> purchases)
    {
        bool Same(Func<DocumentEditModel, string?> field) => string.Equals(field(this) ?? "", field(pristine) ?? "", StringComparison.Ordinal);

        return original with
        {
            Type = Type == pristine.Type ? original.Type : Type,
            Owner = OwnerId == pristine.OwnerId ? original.Owner : OwnerId is { } ownerId ? new UserReference { Id = ownerId } : null,
            Context = PurchaseId == pristine.PurchaseId ? original.Context : ContextFor(original.Context, purchases),
            DocumentNumber = Same(m => m.DocumentNumber) ? original.DocumentNumber : Blank(DocumentNumber),
            DocumentDate = Same(m => m.DocumentDate) ? original.DocumentDate : ParseDay(DocumentDate),
            DueDate = Same(m => m.DueDate) ? original.DueDate : ParseDay(DueDate),
            AmountIncludingTaxes = AmountsUnchanged(pristine) ? original.AmountIncludingTaxes : AmountsFor(original.AmountIncludingTaxes, pristine),
            AccountingLabel = Same(m => m.AccountingLabel) ? original.AccountingLabel : Blank(AccountingLabel),
            Comment = Same(m => m.Comment) ? original.Comment : Blank(Comment),
            IntraCommunityTaxes = IntraCommunityTaxes == pristine.IntraCommunityTaxes ? original.IntraCommunityTaxes : IntraCommunityTaxes,
            PaymentDetails = PaymentMethod == pristine.PaymentMethod && Same(m => m.Iban) && Same(m => m.Bic)
                ? original.PaymentDetails
                : PaymentFor(original.PaymentDetails),
        };
    }

    private bool AmountsUnchanged(DocumentEditModel pristine) =>
        ExcludingTaxes == pristine.ExcludingTaxes && IncludingTaxes == pristine.IncludingTaxes && Currency == pristine.Currency
        && Taxes.Count == pristine.Taxes.Count
        && Taxes.Zip(pristine.Taxes).All(p => p.First.RateTypeId == p.Second.RateTypeId && p.First.Value == p.Second.Value);

    private DocumentContext? ContextFor(DocumentContext? original, IReadOnlyDictionary<int, PurchaseReference> purchases)
    {
        var purchase = PurchaseId is { } id ? purchases.GetValueOrDefault(id) ?? new PurchaseReference { Id = id } : null;
        return (original ?? new DocumentContext()) with { Purchase = purchase };
    }

    private TaxedAmount? AmountsFor(TaxedAmount? original, DocumentEditModel pristine)
    {
        var currency = Blank(Currency)?.ToUpperInvariant();
        var currencySame = currency == Blank(pristine.Currency)?.ToUpperInvariant();
        var excluding = Parse(ExcludingTaxes, currency);
        var including = Parse(IncludingTaxes, currency);
        var taxLines = Taxes.Where(t => t.RateTypeId is not null || !string.IsNullOrWhiteSpace(t.Value)).ToList();
        if (original is null && excluding is null && including is null && taxLines.Count == 0 && currency is null) return null;

        Amount? AmountFor(Amount? before, decimal? value, bool textSame) =>
            textSame && currencySame ? before
            : value is null && before is null ? null
            : (before ?? new Amount()) with { Value = value, Currency = currency };

        var originalTaxes = original?.Taxes ?? [];
        // Untouched tax lines stay as Lucca sent them, null or absent included.
        var taxesSame = currencySame && Taxes.Count == pristine.Taxes.Count
            && Taxes.Zip(pristine.Taxes).All(p => p.First.RateTypeId == p.Second.RateTypeId && p.First.Value == p.Second.Value);
        return (original ?? new TaxedAmount()) with
        {
            ExcludingTaxes = AmountFor(original?.ExcludingTaxes, excluding, ExcludingTaxes == pristine.ExcludingTaxes),
            Taxes = taxesSame ? original?.Taxes : taxLines.Count == 0 && original?.Taxes is null ? null : taxLines.Select((line, i) =>
            {
                var before = i < originalTaxes.Count ? originalTaxes[i] : null;
                var beforeLine = i < pristine.Taxes.Count ? pristine.Taxes[i] : null;
                return before is not null && currencySame && beforeLine is not null && beforeLine.RateTypeId == line.RateTypeId && beforeLine.Value == line.Value
                    ? before
                    : (before ?? new TaxLine()) with { RateTypeId = line.RateTypeId, Value = Parse(line.Value, currency), Currency = currency };
            }).ToList(),
            IncludingTaxes = AmountFor(original?.IncludingTaxes, including, IncludingTaxes == pristine.IncludingTaxes),
        };
    }

    private PaymentDetails? PaymentFor(PaymentDetails? original)
    {
        var iban = Blank(Iban) is { } i ? BankDetails.Compact(i) : null;
        var bic = Blank(Bic)?.ToUpperInvariant();
        if (original is null && PaymentMethod is null && iban is null && bic is null) return null;
        var account = original?.BankAccount is null && iban is null && bic is null
            ? null
            : (original?.BankAccount ?? new BankAccount()) with { Iban = iban, Bic = bic };
        return (original ?? new PaymentDetails()) with { PaymentMethod = PaymentMethod, BankAccount = account };
    }

    private static decimal? Parse(string? text, string? currency) => Money.TryParse(text, currency, out var value, out _) ? value : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
