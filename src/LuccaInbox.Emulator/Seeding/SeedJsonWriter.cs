using System.Globalization;
using System.Text.Json;
using static LuccaInbox.Emulator.Seeding.InvoiceSeeder;

namespace LuccaInbox.Emulator.Seeding;

/// <summary>
/// Writes the seeded data as the Lucca API returns it. Every empty field is written, as JSON null: Utf8JsonWriter
/// writes null for a null string.
/// </summary>
internal static class SeedJsonWriter
{
    public static void WriteInboxItem(Utf8JsonWriter w, InboxItemDraft item)
    {
        var (paper, read, stamps) = (item.Paper, item.Reading, item.Stamps);
        var supplier = item.Purchase.Supplier.Def;
        w.WriteStartObject();
        w.WriteNumber("id", item.Id);
        w.WriteStartObject("document");
        w.WriteNumber("id", item.DocumentId);
        WriteUser(w, "owner", item.Owner);
        w.WriteString("type", item.Credit ? "CreditNote" : "Invoice");
        w.WriteStartObject("context");
        WritePurchase(w, "purchase", item.Purchase);
        w.WriteEndObject();
        WriteBreakdown(w, item.BreakdownId);
        w.WriteString("documentDate", read.Date is { } date ? FormatDate(date) : null);
        w.WriteString("documentNumber", read.Number);
        WriteTaxed(w, "amountIncludingTaxes", read.Amounts ? paper : null, paper.TotalIncludingTaxes + read.InclDelta, 1m);
        w.WriteString("accountingLabel", item.AccountingLabel);
        w.WriteString("comment", item.Comment);
        w.WriteBoolean("intraCommunityTaxes", supplier.IntraCommunity);
        WriteAttachments(w, item.Attachments, stamps.CreatedAt);
        w.WriteString("ocrStatus", item.OcrStatus);
        w.WriteString("dueDate", read.Due is { } due ? FormatDate(due) : null);
        WritePayment(w, item.Payment);
        WriteStamps(w, stamps);
        w.WriteStartObject("supplierReference"); // not in Lucca's schema: clients must round-trip it untouched
        w.WriteString("code", $"SUP-{supplier.Id:0000}");
        w.WriteString("source", item.OcrStatus == "NotApplicable" ? "manual" : "ocr");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("source");
        w.WriteString("type", item.SourceType);
        w.WriteEndObject();
        w.WriteStartObject("action");
        w.WriteEndObject();
        WriteStamps(w, stamps with { Modifier = stamps.Author });
        w.WriteEndObject();
    }

    public static void WriteBookedDocument(Utf8JsonWriter w, BookedDocumentDraft booked)
    {
        var (paper, rate) = (booked.Paper, booked.EurRate);
        var currency = paper.Currency;
        w.WriteStartObject();
        w.WriteNumber("id", booked.Id);
        w.WriteString("type", booked.Credit ? "CreditNote" : "Invoice");
        WritePurchase(w, "purchase", booked.Purchase);
        WriteDual(w, "expectedAmount", booked.ExpectedAmount, currency, rate);
        WriteDual(w, "costAmount", paper.TotalExcludingTaxes, currency, rate);
        w.WriteStartObject("context");
        WritePurchase(w, "purchase", booked.Purchase);
        WriteMoney(w, "originalAmount", booked.ExpectedAmount, currency);
        w.WriteNull("data");
        w.WriteEndObject();
        w.WriteString("documentDate", FormatDate(paper.Date));
        w.WriteString("documentNumber", paper.Number);
        w.WriteStartObject("amountIncludingTaxes");
        WriteTaxed(w, "base", paper, paper.TotalIncludingTaxes, 1m);
        WriteTaxed(w, "counter", paper, paper.TotalIncludingTaxes, rate);
        w.WriteNumber("rate", rate);
        w.WriteEndObject();
        WriteBreakdown(w, booked.BreakdownId);
        WriteAttachments(w, booked.Attachments, booked.Stamps.CreatedAt);
        w.WriteString("dueDate", paper.DueDate is { } due ? FormatDate(due) : null);
        WritePayment(w, booked.Payment);
        w.WriteString("paymentDate", booked.PaymentDate is { } paid ? FormatDate(paid) : null);
        w.WriteString("conformityState", booked.ConformityState);
        w.WriteString("paymentState", booked.PaymentState);
        w.WriteString("completion", booked.Completion);
        w.WriteString("flag", booked.Flag);
        w.WriteString("accountingLabel", booked.AccountingLabel);
        w.WriteString("comment", booked.Comment);
        w.WriteNumber("commentsCount", booked.CommentsCount);
        WriteStamps(w, booked.Stamps);
        w.WriteEndObject();
    }

    /// <summary>A user reference; with a null <paramref name="name"/>, as an array element (the users list).</summary>
    public static void WriteUser(Utf8JsonWriter w, string? name, User user)
    {
        StartObject(w, name);
        w.WriteNumber("id", user.Id);
        w.WriteString("href", UserHrefBase + user.Id.ToString(CultureInfo.InvariantCulture));
        w.WriteString("name", $"{user.FirstName} {user.LastName}");
        w.WriteString("firstName", user.FirstName);
        w.WriteString("lastName", user.LastName);
        w.WriteNull("pictureHref");
        w.WriteEndObject();
    }

    /// <summary>A purchase reference; with a null <paramref name="name"/>, as an array element (the purchases list,
    /// which also names the supplier).</summary>
    public static void WritePurchase(Utf8JsonWriter w, string? name, Purchase purchase, bool withSupplier = false)
    {
        StartObject(w, name);
        w.WriteNumber("id", purchase.Id);
        w.WriteString("href", $"/cleemy-procurement/api/purchases/{purchase.Id}");
        w.WriteString("name", purchase.Name);
        w.WriteString("type", purchase.Subscription ? "Subscription" : "OneTime");
        if (withSupplier)
        {
            w.WriteStartObject("supplier");
            w.WriteNumber("id", purchase.Supplier.Def.Id);
            w.WriteString("name", purchase.Supplier.Def.Name);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void StartObject(Utf8JsonWriter w, string? name)
    {
        if (name is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(name);
        }
    }

    private static void WriteStamps(Utf8JsonWriter w, Stamps stamps)
    {
        w.WriteString("createdAt", stamps.CreatedAt);
        w.WriteString("modifiedAt", stamps.ModifiedAt);
        WriteUser(w, "author", stamps.Author);
        WriteUser(w, "modifier", stamps.Modifier);
    }

    private static void WriteBreakdown(Utf8JsonWriter w, int? id)
    {
        if (id is not { } value)
        {
            w.WriteNull("documentBreakdown");
            return;
        }

        w.WriteStartObject("documentBreakdown");
        w.WriteNumber("id", value);
        w.WriteString("href", $"/cleemy-procurement/api/document-breakdowns/{value}");
        w.WriteString("name", SupplierCatalogue.Breakdowns[value % SupplierCatalogue.Breakdowns.Length]);
        w.WriteEndObject();
    }

    private static void WriteAttachments(Utf8JsonWriter w, List<Attachment> attachments, string createdAt)
    {
        w.WriteStartArray("attachments");
        foreach (var (id, file) in attachments)
        {
            var href = $"/cleemy-procurement/api/files/{file.FileId}";
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteStartObject("file");
            w.WriteString("id", file.FileId);
            w.WriteString("name", file.FileName);
            w.WriteString("href", href);
            w.WriteString("displayHref", href + "/display");
            w.WriteEndObject();
            w.WriteString("createdAt", createdAt);
            w.WriteStartObject("pages");
            w.WriteString("displayHrefTemplate", href + "/display/pages/{pageNumber}");
            w.WriteNumber("count", file.PageCount);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WritePayment(Utf8JsonWriter w, Payment? payment)
    {
        if (payment is null)
        {
            w.WriteNull("paymentDetails");
            return;
        }

        w.WriteStartObject("paymentDetails");
        w.WriteString("paymentMethod", payment.Method);
        if (payment.Iban is null)
        {
            w.WriteNull("bankAccount");
        }
        else
        {
            w.WriteStartObject("bankAccount");
            w.WriteString("iban", payment.Iban);
            w.WriteString("bic", payment.Bic);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteMoney(Utf8JsonWriter w, string name, decimal value, string currency)
    {
        w.WriteStartObject(name);
        w.WriteNumber("value", value);
        w.WriteString("currency", currency);
        w.WriteEndObject();
    }

    private static void WriteDual(Utf8JsonWriter w, string name, decimal value, string currency, decimal rate)
    {
        w.WriteStartObject(name);
        WriteMoney(w, "base", value, currency);
        WriteMoney(w, "counter", Round(value * rate, "EUR"), "EUR");
        w.WriteNumber("rate", rate);
        w.WriteEndObject();
    }

    /// <summary>A taxed-amount in the paper's currency (rate 1) or converted to EUR (the counter side);
    /// JSON null when <paramref name="paper"/> is null.</summary>
    private static void WriteTaxed(Utf8JsonWriter w, string name, PaperInvoice? paper, decimal includingTaxes, decimal rate)
    {
        if (paper is null)
        {
            w.WriteNull(name);
            return;
        }

        var currency = rate == 1m ? paper.Currency : "EUR";
        decimal Convert(decimal value) => rate == 1m ? value : Round(value * rate, "EUR");
        w.WriteStartObject(name);
        WriteMoney(w, "excludingTaxes", Convert(paper.TotalExcludingTaxes), currency);
        w.WriteStartArray("taxes");
        foreach (var vat in paper.Vat)
        {
            w.WriteStartObject();
            w.WriteNumber("rateTypeId", RateTypeIdFor(vat.Rate));
            w.WriteNumber("value", Convert(vat.Amount));
            w.WriteString("currency", currency);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteMoney(w, "includingTaxes", Convert(includingTaxes), currency);
        w.WriteEndObject();
    }
}
