using System.Runtime.CompilerServices;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Common;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Suppliers;

namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>Everything checked about one version of a document: its supplier, the bank details and VAT number against the
/// supplier's on file, and each field against what the invoice itself says (when its original has been read).</summary>
public sealed record DocumentCheck(SupplierInfo? Supplier, BankCheck Bank, VatNumberCheck? VatNumber, InvoiceOriginal? Original,
    IReadOnlyList<FieldVerdict> Fields, IReadOnlySet<string>? EmptyOnForm = null)
{
    /// <summary>Fields the form fills in differently from the invoice. A field left empty on the form, which the invoice
    /// fills, is no discrepancy: it can be taken from the invoice (<see cref="Fillable"/>).</summary>
    public IReadOnlyList<FieldVerdict> Differing => Fields.Where(f => f.Verdict == Verdict.Differs && EmptyOnForm?.Contains(f.Field) != true).ToList();

    public IReadOnlyList<FieldVerdict> Fillable => Fields.Where(f => f.Verdict == Verdict.Differs && EmptyOnForm?.Contains(f.Field) == true).ToList();

    /// <summary>Fields that differ from the invoice's own structured data: exact, so booking them takes a stated reason.</summary>
    public bool DiffersFromFacturX => Original?.Kind == OriginalKind.FacturX && Differing.Count > 0;

    /// <summary>The verdicts shown beside the inputs: none for an image-only or unreadable original, whose reason the
    /// summary says once instead of under every field.</summary>
    public IReadOnlyList<FieldVerdict> Shown => Original?.Kind is OriginalKind.FacturX or OriginalKind.TextLayer ? Fields : [];

    public FieldVerdict? For(string field) => Fields.FirstOrDefault(f => f.Field == field);

    /// <summary>What booking must be justified for, with a reason kept in the audit log; bulk booking leaves these out.</summary>
    public IReadOnlyList<string> Concerns =>
    [
        .. DiffersFromFacturX ? [$"its fields differ from the invoice's Factur-X data ({string.Join(", ", Differing.Select(f => CheckedFields.LabelOf(f.Field)))})"] : Array.Empty<string>(),
        .. Bank.NeedsReason ? [$"its IBAN is not {Supplier?.Name ?? "the supplier"}'s bank account on file"] : Array.Empty<string>(),
    ];

    public static readonly DocumentCheck None = new(null, BankCheck.Of(null, null, null), null, null, []);
}

/// <summary>
/// Checks documents against their supplier (<see cref="SupplierDirectory"/>) and their original
/// (<see cref="InvoiceOriginals"/>). A check of a document version is computed once and kept until suppliers or an
/// original are read again, so a grid of a thousand rows costs nothing on each render.
/// </summary>
public sealed class DocumentChecks
{
    private readonly SupplierDirectory _suppliers;
    private readonly InvoiceOriginals _originals;
    private ConditionalWeakTable<Document, DocumentCheck> _checked = new();
    private int _version;

    public DocumentChecks(SupplierDirectory suppliers, InvoiceOriginals originals)
    {
        _suppliers = suppliers;
        _originals = originals;
        suppliers.Changed += Forget;
        originals.Read += Forget;
    }

    /// <summary>Raised when checks may have changed: a page showing them renders again.</summary>
    public event Action? Changed;

    public SupplierDirectory Suppliers => _suppliers;

    /// <summary>Moves on whenever checks may have changed, so what is built from them (the duplicate index) is rebuilt.</summary>
    public int Version => Volatile.Read(ref _version);

    public SupplierInfo? SupplierOf(Document? document) => _suppliers.ForPurchase(document?.Context?.Purchase?.Id);

    /// <summary>The check of this version of the document, with what is known now (nothing is fetched).</summary>
    public DocumentCheck Check(Document? document) =>
        document is null ? DocumentCheck.None : _checked.GetValue(document, d => Compute(d, FactsOf(d)));

    /// <summary>The check of the form as the clerk is editing it (not kept: the form changes on every key).</summary>
    public DocumentCheck CheckForm(Document edited) => Compute(edited, FactsOf(edited));

    /// <summary>Each row's supplier name and flags, for the grid's column, search, sort and check filter.</summary>
    public RowMarks Marks => new(row => SupplierOf(row.Item.Document)?.Name, row => FlagsOf(Check(row.Item.Document)));

    public static RowFlags FlagsOf(DocumentCheck check) =>
        (check.Differing.Count > 0 ? RowFlags.DiffersFromInvoice : RowFlags.None) | (check.Bank.NeedsReason ? RowFlags.BankDetailsChanged : RowFlags.None);

    /// <summary>Reads the document's original if it was not (one Lucca request); true when it could be read.</summary>
    public async Task<bool> ReadOriginalAsync(Document? document) => await _originals.ReadAsync(document) is not null;

    public bool OriginalIsRead(Document? document) => _originals.IsOnDisk(document);

    private DocumentCheck Compute(Document document, FormFacts form)
    {
        var supplier = SupplierOf(document);
        var original = _originals.TryGet(document);
        var fields = original is null ? [] : FieldCheck.Compare(form, original);
        return new DocumentCheck(supplier, BankCheck.Of(supplier, form.Iban, original?.Cii?.Iban),
            VatNumberCheck.Of(supplier, original?.Cii?.SellerVatNumber), original, fields, EmptyOnForm(form, fields));
    }

    private static HashSet<string> EmptyOnForm(FormFacts form, IReadOnlyList<FieldVerdict> fields) =>
        fields.Select(f => f.Field).Where(field => CheckedFields.IsEmptyOn(form, field)).ToHashSet();

    /// <summary>What the form says, in the terms the invoice check compares.</summary>
    public static FormFacts FactsOf(Document document)
    {
        var amounts = document.AmountIncludingTaxes;
        return new FormFacts(document.DocumentNumber,
            document.Type switch { DocumentTypes.Invoice => InvoiceKind.Invoice, DocumentTypes.CreditNote => InvoiceKind.CreditNote, _ => null },
            document.DocumentDate, document.DueDate,
            amounts?.IncludingTaxes?.Currency ?? amounts?.ExcludingTaxes?.Currency,
            amounts?.ExcludingTaxes?.Value, amounts?.IncludingTaxes?.Value,
            (amounts?.Taxes ?? []).Select(t => new FormVatLine(Labels.RatePercent(t.RateTypeId), t.Value)).ToList(),
            document.PaymentDetails?.BankAccount?.Iban, document.PaymentDetails?.BankAccount?.Bic);
    }

    private void Forget()
    {
        _checked = new ConditionalWeakTable<Document, DocumentCheck>();
        Interlocked.Increment(ref _version);
        Changed?.Invoke();
    }
}
