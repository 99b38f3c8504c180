using System.Globalization;

namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>Checks each field of the form against what the invoice itself says: its Factur-X data when it has some,
/// else its text layer. Conservative by design: Differs only on clear evidence, never because a value is absent.</summary>
public static class FieldCheck
{
    public static IReadOnlyList<FieldVerdict> Compare(FormFacts form, InvoiceOriginal original)
    {
        if (original.Kind is OriginalKind.Unreadable or OriginalKind.ImageOnly || original.Cii is null && original.Words.Count == 0)
            return NothingToCompareWith(form, original.Problem ?? OriginalReader.ImageOnlyProblem);
        var text = InvoiceText.Of(original);
        return original.Cii is { } cii ? CompareWithFacturX(form, cii, text) : TextFieldCheck.Compare(form, text);
    }

    static List<FieldVerdict> NothingToCompareWith(FormFacts form, string problem)
    {
        string[] keys = [FieldKeys.DocumentNumber, FieldKeys.Type, FieldKeys.DocumentDate, FieldKeys.DueDate, FieldKeys.Currency,
            FieldKeys.ExcludingTaxes, FieldKeys.IncludingTaxes, .. form.VatLines.Select((_, index) => FieldKeys.Taxes(index)),
            FieldKeys.Iban, FieldKeys.Bic];
        return keys.Select(key => new FieldVerdict(key, Verdict.NotFound, null, null, problem, null)).ToList();
    }

    static List<FieldVerdict> CompareWithFacturX(FormFacts form, CiiInvoice cii, InvoiceText text)
    {
        var verdicts = new List<FieldVerdict>();
        void Add(FieldVerdict? verdict) { if (verdict is not null) verdicts.Add(verdict); }

        Add(Check(FieldKeys.DocumentNumber, form.Number, cii.Number, "document number",
            (a, b) => InvoiceText.Compact(a) == InvoiceText.Compact(b) || InvoiceText.Loose(a) == InvoiceText.Loose(b),
            number => number, number => text.FindCompact(number, looseToo: true) is { } token ? (token.Text, token.Box) : null));
        Add(Check(FieldKeys.Type, form.Kind, cii.Kind, "document type", (a, b) => a == b, kind => kind.ToString(), _ => null));
        Add(Check(FieldKeys.DocumentDate, form.DocumentDate, cii.IssueDate, "issue date", (a, b) => a == b, IsoDate,
            date => text.FindDate(date) is { } token ? (token.Text, token.Box) : null));
        Add(Check(FieldKeys.DueDate, form.DueDate, cii.DueDate, "due date", (a, b) => a == b, IsoDate,
            date => text.FindDate(date) is { } token ? (token.Text, token.Box) : null));
        Add(Check(FieldKeys.Currency, form.Currency, cii.Currency, "currency",
            (a, b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase), code => code,
            code => text.FindCompact(code, looseToo: false) is { WordCount: 1 } token ? (token.Text, token.Box) : null));
        Add(CheckAmount(FieldKeys.ExcludingTaxes, form.ExcludingTaxes, cii.TotalExcludingTaxes, "total excluding taxes", text));
        Add(CheckAmount(FieldKeys.IncludingTaxes, form.IncludingTaxes, cii.TotalIncludingTaxes, "total including taxes", text));
        verdicts.AddRange(CheckVatLines(form.VatLines, cii.VatLines, text));
        Add(Check(FieldKeys.Iban, form.Iban, cii.Iban, "IBAN", (a, b) => InvoiceText.Compact(a) == InvoiceText.Compact(b), iban => iban,
            iban => text.FindCompact(iban, looseToo: false) is { } token ? (token.Text, token.Box) : null));
        Add(Check(FieldKeys.Bic, form.Bic, cii.Bic, "BIC", SameBic, bic => bic,
            bic => text.FindCompact(bic, looseToo: false) is { } token ? (token.Text, token.Box) : null));
        return verdicts;
    }

    /// <param name="locate">Where the invoice's value is printed, and how, if its text layer shows it.</param>
    static FieldVerdict? Check<T>(string key, T? formValue, T? invoiceValue, string description, Func<T, T, bool> same,
        Func<T, string> format, Func<T, (string Text, PageBox Box)?> locate) where T : struct =>
        invoiceValue is not { } invoice
            ? MissingFromFacturX(key, formValue is not null, description)
            : FoundInFacturX(key, formValue is { } value && same(value, invoice), invoice, format(invoice), locate(invoice));

    static FieldVerdict? Check(string key, string? formValue, string? invoiceValue, string description, Func<string, string, bool> same,
        Func<string, string> format, Func<string, (string Text, PageBox Box)?> locate) =>
        invoiceValue is null
            ? MissingFromFacturX(key, !string.IsNullOrWhiteSpace(formValue), description)
            : FoundInFacturX(key, !string.IsNullOrWhiteSpace(formValue) && same(formValue, invoiceValue), invoiceValue,
                format(invoiceValue), locate(invoiceValue));

    static FieldVerdict? MissingFromFacturX(string key, bool formHasValue, string description) =>
        formHasValue ? new FieldVerdict(key, Verdict.NotFound, null, null, $"the Factur-X data has no {description}", null) : null;

    static FieldVerdict FoundInFacturX(string key, bool matches, object invoiceValue, string formatted, (string Text, PageBox Box)? printed) =>
        new(key, matches ? Verdict.Matches : Verdict.Differs, printed?.Text ?? formatted, invoiceValue, FieldVerdict.FromFacturX, printed?.Box);

    static FieldVerdict? CheckAmount(string key, decimal? formValue, decimal? invoiceValue, string description, InvoiceText text)
    {
        var verdict = Check(key, formValue, invoiceValue, description, PrintedAmount.SameToTheCent, FormatAmount,
            amount => text.FindAmount(amount) is { } token ? (token.Text, token.Box) : null);
        // A credit note's amounts may be positive in the XML and negative on the form: keep the form's sign when filling it.
        return verdict is { InvoiceTypedValue: decimal typed } && formValue < 0 ? verdict with { InvoiceTypedValue = -Math.Abs(typed) } : verdict;
    }

    static IEnumerable<FieldVerdict> CheckVatLines(IReadOnlyList<FormVatLine> formLines, IReadOnlyList<CiiVatLine> ciiLines, InvoiceText text)
    {
        var unused = ciiLines.ToList();
        for (var index = 0; index < formLines.Count; index++)
        {
            var formLine = formLines[index];
            var byRate = unused.FirstOrDefault(line => line.RatePercent is not null && line.RatePercent == formLine.RatePercent);
            var match = byRate ?? (index < ciiLines.Count && unused.Contains(ciiLines[index]) ? ciiLines[index] : null);
            if (match is null)
            {
                yield return new FieldVerdict(FieldKeys.Taxes(index), Verdict.NotFound, null, null,
                    "the Factur-X data has no VAT line for this rate", null);
                continue;
            }
            unused.Remove(match);
            var verdict = CheckAmount(FieldKeys.Taxes(index), formLine.Amount, match.Amount, "VAT amount for this rate", text);
            var rateDiffers = byRate is null && formLine.RatePercent is not null && match.RatePercent is not null;
            if (verdict is not null)
                yield return rateDiffers ? verdict with { Verdict = Verdict.Differs } : verdict;
        }
        // VAT lines the form does not have yet: Differs, so "use the invoice's value" can add them.
        for (var extra = 0; extra < unused.Count; extra++)
            if (CheckAmount(FieldKeys.Taxes(formLines.Count + extra), null, unused[extra].Amount, "VAT amount", text) is { } verdict)
                yield return verdict;
    }

    static bool SameBic(string a, string b)
    {
        static string Bank(string bic) => InvoiceText.Compact(bic) is { Length: 11 } full && full.EndsWith("XXX", StringComparison.Ordinal) ? full[..8] : InvoiceText.Compact(bic);
        return Bank(a) == Bank(b);
    }

    static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string FormatAmount(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);
}
