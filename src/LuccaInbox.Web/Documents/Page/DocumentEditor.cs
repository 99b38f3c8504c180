using System.Globalization;
using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// What the document page holds about the document being edited: the item as Lucca sent it, the version the person saw,
/// the form's model and its pristine copy, the form check, and what blocks saving and booking. No browser needed.
/// </summary>
public sealed class DocumentEditor(CultureInfo culture)
{
    public InboxItem? Item { get; private set; }
    public SeenVersion? Seen { get; private set; }
    public DocumentEditModel? Model { get; private set; }
    public DocumentEditModel? Pristine { get; private set; }
    public FormCheck? Check { get; private set; }

    /// <summary>Why this person may not book (four-eyes), as the rules said when the document was loaded or saved.</summary>
    public string? FourEyes { get; set; }
    public bool Saving { get; set; }
    public bool Booking { get; set; }
    public IReadOnlyDictionary<int, PurchaseReference> Purchases { get; set; } = new Dictionary<int, PurchaseReference>();

    public bool IsLoaded => Item?.Document is not null && Model is not null && Check is not null;

    public bool IsDirty => Model is not null && Pristine is not null && Model.DiffersFrom(Pristine);

    /// <summary>Shows <paramref name="item"/> as Lucca holds it: the form starts again from it.</summary>
    public void Load(InboxItem item)
    {
        Item = item;
        Seen = SeenVersion.Of(item);
        Model = DocumentEditModel.From(item.Document!, culture);
        Pristine = Model.Clone();
        Check = DocumentValidation.Validate(Model);
    }

    /// <summary>Puts edits back in the form (a draft), over the version loaded.</summary>
    public void Restore(DocumentEditModel edits)
    {
        Model = edits;
        Revalidate();
    }

    public void Revalidate()
    {
        if (Model is not null) Check = DocumentValidation.Validate(Model);
    }

    /// <summary>The loaded document with the form's edits: only what the person changed differs.</summary>
    public Document Edited() => Model!.ApplyTo(Item!.Document!, Pristine!, Purchases);

    public string? SaveBlocker =>
        Saving ? "Saving…"
        : Check?.HasErrors == true ? "Fix the fields marked in red first."
        : !IsDirty ? "Nothing to save."
        : null;

    public string? BookBlocker =>
        Booking ? "Booking…"
        : Item is null ? "The document is not loaded."
        : Check?.HasErrors == true ? "Fix the fields marked in red first."
        : IsDirty ? "Save your edits before booking."
        : Bookability.Blocker(Item) ?? FourEyes;

    /// <summary>The Book button's one name (issue 15: no "Accept as is" beside it); the dialog confirms what is booked.</summary>
    public string BookLabel => Booking ? "Booking…" : "Book";

    /// <summary>The form's fields in the order a person meets them, by the API property their input is named after.</summary>
    public static readonly IReadOnlyList<string> FieldOrder =
        ["type", "owner", "documentNumber", "currency", "documentDate", "dueDate", "excludingTaxes", "includingTaxes",
         "accountingLabel", "comment", "paymentMethod", "iban", "bic"];

    /// <summary>Where the cursor goes when the document opens: the first field that needs attention (an error, a
    /// warning, or missing to book), else the first amount.</summary>
    public string FirstAttentionField =>
        Check is not { } check ? "excludingTaxes"
        : FieldOrder.FirstOrDefault(f => check.Errors.ContainsKey(f) || check.Warnings.ContainsKey(f) || check.MissingForBooking.Contains(f))
          ?? "excludingTaxes";
}
