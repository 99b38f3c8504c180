using LuccaInbox.Web.Documents;

namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>Checks the form against an invoice's text layer when it has no Factur-X data. The form's value printed anywhere
/// counts as a match; Differs needs a clear near miss (one digit off, a couple of characters off, a labelled date a few days
/// off), so a correct document never gets a false alarm just because its value is printed in a way we do not read.</summary>
internal static class TextFieldCheck
{
    const int MaxDaysForNearMissDate = 40;

    static readonly string[] DocumentDateLabels = ["date", "datum", "du ", "émise le", "fecha"];
    static readonly string[] DueDateLabels = ["échéance", "echeance", "due", "fällig", "faellig", "payable", "zahlbar", "zahlungsziel", "before", "avant"];
    static readonly string[] OtherDateLabels = ["livraison", "delivery", "liefer", "leistung", "commande", "order", "bestell", "period", "période", "zeitraum"];
    static readonly string[] InvoiceWords = ["facture", "invoice", "rechnung"];
    static readonly string[] CreditNoteWords = ["avoir", "credit", "gutschrift"];
    static readonly Dictionary<string, string[]> CurrencySymbols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EUR"] = ["€"], ["USD"] = ["$", "us$"], ["GBP"] = ["£"], ["JPY"] = ["¥", "￥", "円"], ["CHF"] = ["fr.", "sfr."],
    };

    public static List<FieldVerdict> Compare(FormFacts form, InvoiceText text)
    {
        var verdicts = new List<FieldVerdict?>
        {
            CheckNumber(form.Number, text),
            CheckKind(form.Kind, text),
            CheckDate(FieldKeys.DocumentDate, form.DocumentDate, text, DocumentDateLabels, exclude: [.. DueDateLabels, .. OtherDateLabels]),
            CheckDate(FieldKeys.DueDate, form.DueDate, text, DueDateLabels, exclude: OtherDateLabels),
            CheckCurrency(form.Currency, text),
            CheckAmount(FieldKeys.ExcludingTaxes, form.ExcludingTaxes, text),
            CheckAmount(FieldKeys.IncludingTaxes, form.IncludingTaxes, text, baseAmount: form.ExcludingTaxes),
        };
        verdicts.AddRange(form.VatLines.Select((line, index) => CheckAmount(FieldKeys.Taxes(index), line.Amount, text)));
        verdicts.Add(CheckIban(form.Iban, text));
        verdicts.Add(CheckBic(form.Bic, text));
        return verdicts.OfType<FieldVerdict>().ToList();
    }

    static FieldVerdict Matches(string key, string printed, object value, PageBox box) =>
        new(key, Verdict.Matches, printed, value, FieldVerdict.FromText, box);

    static FieldVerdict NotFound(string key) => new(key, Verdict.NotFound, null, null, FieldVerdict.NotInText, null);

    /// <summary>Differs only when exactly one distinct value stands out; two different candidates are no clear evidence.</summary>
    static FieldVerdict NearMissOrNotFound<T>(string key, IEnumerable<(T Value, string Printed, PageBox Box)> candidates) where T : notnull
    {
        var distinct = candidates.GroupBy(candidate => candidate.Value).Select(group => group.First()).Take(2).ToList();
        return distinct.Count == 1
            ? new FieldVerdict(key, Verdict.Differs, distinct[0].Printed, distinct[0].Value, FieldVerdict.FromText, distinct[0].Box)
            : NotFound(key);
    }

    static FieldVerdict? CheckNumber(string? number, InvoiceText text)
    {
        if (string.IsNullOrWhiteSpace(number))
            return null;
        if (text.FindCompact(number, looseToo: true) is { } found)
            return Matches(FieldKeys.DocumentNumber, found.Text, number, found.Box);

        var wanted = InvoiceText.Compact(number);
        var allowedEdits = Math.Clamp(wanted.Length / 4, 1, 2);
        var nearMisses = text.NumberLikes
            .Where(token => Math.Abs(token.Compact.Length - wanted.Length) <= allowedEdits)
            .Select(token => (Token: token, Edits: EditDistance.AtMost(wanted, token.Compact, allowedEdits)))
            .Where(candidate => candidate.Edits is > 0)
            .ToList();
        var fewestEdits = nearMisses.Count == 0 ? 0 : nearMisses.Min(candidate => candidate.Edits);
        return NearMissOrNotFound(FieldKeys.DocumentNumber, nearMisses.Where(candidate => candidate.Edits == fewestEdits)
            .Select(candidate => (InvoiceText.Clean(candidate.Token.Text), candidate.Token.Text, candidate.Token.Box)));
    }

    static FieldVerdict? CheckKind(InvoiceKind? kind, InvoiceText text)
    {
        if (kind is null)
            return null;
        bool Printed(string[] words) => text.LowerCaseWords.Any(word => words.Any(start => word.StartsWith(start, StringComparison.Ordinal)));
        var found = kind switch
        {
            InvoiceKind.CreditNote => Printed(CreditNoteWords),
            InvoiceKind.Invoice => Printed(InvoiceWords) && !Printed(CreditNoteWords),
            _ => false,
        };
        return found ? new FieldVerdict(FieldKeys.Type, Verdict.Matches, null, kind, FieldVerdict.FromText, null) : NotFound(FieldKeys.Type);
    }

    static FieldVerdict? CheckDate(string key, DateOnly? date, InvoiceText text, string[] labels, string[] exclude)
    {
        if (date is not { } wanted)
            return null;
        bool LabelledAsThisDate(DateToken token) => labels.Any(token.Label.Contains) && !exclude.Any(token.Label.Contains);
        var nearMisses = text.Dates
            .Select(token => (Token: token, Reading: token.Readings.MinBy(reading => Math.Abs(reading.DayNumber - wanted.DayNumber))))
            .Where(candidate => candidate.Reading != wanted && Math.Abs(candidate.Reading.DayNumber - wanted.DayNumber) <= MaxDaysForNearMissDate)
            .Where(candidate => LabelledAsThisDate(candidate.Token))
            .Select(candidate => (candidate.Reading, candidate.Token.Text, candidate.Token.Box));

        var printedAsWanted = text.Dates.Where(token => token.Readings.Contains(wanted)).ToList();
        if (printedAsWanted.Count == 0)
            return NearMissOrNotFound(key, nearMisses);
        // The form's date printed only as another date (delivery, order, due…) while a date labelled as this one differs:
        // the clerk or the OCR took the wrong date.
        if (printedAsWanted.All(token => exclude.Any(token.Label.Contains)) && NearMissOrNotFound(key, nearMisses) is { Verdict: Verdict.Differs } other)
            return other;
        var shown = printedAsWanted.FirstOrDefault(LabelledAsThisDate) ?? printedAsWanted[0];
        return Matches(key, shown.Text, wanted, shown.Box);
    }

    static FieldVerdict? CheckCurrency(string? currency, InvoiceText text)
    {
        if (string.IsNullOrWhiteSpace(currency))
            return null;
        var code = currency.Trim().ToUpperInvariant();
        if (text.FindCompact(code, looseToo: false) is { WordCount: 1 } found)
            return Matches(FieldKeys.Currency, found.Text, code, found.Box);
        var symbols = CurrencySymbols.GetValueOrDefault(code) ?? [];
        var withSymbol = text.Words.FirstOrDefault(word => symbols.Any(symbol => word.Text.Contains(symbol, StringComparison.OrdinalIgnoreCase)));
        return withSymbol is null ? NotFound(FieldKeys.Currency) : Matches(FieldKeys.Currency, withSymbol.Text, code, withSymbol.Box);
    }

    /// <param name="baseAmount">For the total including taxes: the form's total excluding taxes, so a printed
    /// "base + VAT = total" row shows the likely total when no single printed amount is one digit off.</param>
    static FieldVerdict? CheckAmount(string key, decimal? amount, InvoiceText text, decimal? baseAmount = null)
    {
        if (amount is not { } wanted)
            return null;
        if (text.FindAmount(wanted) is { } found)
            return Matches(key, found.Text, wanted, found.Box);

        var sign = wanted < 0 ? -1 : 1;
        var candidates = text.MoneyValues.Where(printed => PrintedAmount.DiffersInOneDigit(printed.Value, wanted)).ToList();
        if (candidates.Count != 1 && baseAmount is { } excluding && text.FindAmount(excluding) is not null)
        {
            // Several candidates, or none: the printed total is the one that is the form's base plus a printed VAT amount.
            var printedValues = text.MoneyValues.Select(printed => printed.Value).ToHashSet();
            bool IsBasePlusVat(decimal value) => value > Math.Abs(excluding) && printedValues.Contains(value - Math.Abs(excluding));
            candidates = (candidates.Count == 0 ? text.MoneyValues : candidates).Where(printed => IsBasePlusVat(printed.Value)).ToList();
        }
        return NearMissOrNotFound(key, candidates.Select(printed => (Value: sign * printed.Value, printed.Token.Text, printed.Token.Box)));
    }

    static FieldVerdict? CheckIban(string? iban, InvoiceText text)
    {
        if (string.IsNullOrWhiteSpace(iban))
            return null;
        if (text.FindCompact(iban, looseToo: false) is { } found)
            return Matches(FieldKeys.Iban, found.Text, iban, found.Box);
        var wanted = InvoiceText.Compact(iban);
        var nearMisses = text.Compacts
            .Where(token => token.Compact.Length == wanted.Length && BankDetails.IbanProblem(token.Compact) is null
                && EditDistance.AtMost(wanted, token.Compact, 2) is > 0)
            .Select(token => (token.Compact, token.Text, token.Box));
        return NearMissOrNotFound(FieldKeys.Iban, nearMisses);
    }

    static FieldVerdict? CheckBic(string? bic, InvoiceText text)
    {
        if (string.IsNullOrWhiteSpace(bic))
            return null;
        var wanted = InvoiceText.Compact(bic);
        var found = text.FindCompact(wanted, looseToo: false)
            ?? (wanted.Length == 8 ? text.FindCompact(wanted + "XXX", looseToo: false) : null)
            ?? (wanted.Length == 11 && wanted.EndsWith("XXX", StringComparison.Ordinal) ? text.FindCompact(wanted[..8], looseToo: false) : null);
        return found is null ? NotFound(FieldKeys.Bic) : Matches(FieldKeys.Bic, found.Text, bic, found.Box);
    }
}
