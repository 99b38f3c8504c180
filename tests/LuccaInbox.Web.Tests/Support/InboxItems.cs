using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Web.Tests.Support;

/// <summary>Canned inbox items: a complete, bookable invoice unless a test says otherwise.</summary>
public static class InboxItems
{
    /// <summary>A French IBAN with correct check digits (27 characters).</summary>
    public const string ValidIban = "FR7630006000011234567890189";

    public static readonly DateTimeOffset FirstReceived = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Document ids are the inbox id + 1000, so a test can tell the two apart.</summary>
    public static int DocumentIdOf(int inboxId) => inboxId + 1000;

    public static InboxItem Invoice(int inboxId, string ocrStatus = OcrStatuses.Processed, string? documentNumber = null,
        DateOnly? dueDate = null) => new()
    {
        Id = inboxId,
        CreatedAt = FirstReceived.AddHours(inboxId),
        Source = new InboxSource { Type = "Email" },
        Document = new Document
        {
            Id = DocumentIdOf(inboxId),
            Type = DocumentTypes.Invoice,
            Owner = new UserReference { Id = 7, Name = "Alice Martin" },
            Context = new DocumentContext { Purchase = new PurchaseReference { Id = 40, Name = "Bureau Vallée" } },
            DocumentNumber = documentNumber ?? $"INV-{inboxId:0000}",
            // Each bill its own date: same supplier, amount and date would make them likely duplicates of each other.
            DocumentDate = new DateOnly(2026, 10, 30).AddDays(-inboxId % 300),
            DueDate = dueDate ?? new DateOnly(2099, 12, 31),
            OcrStatus = ocrStatus,
            AccountingLabel = "Office supplies",
            AmountIncludingTaxes = new TaxedAmount
            {
                ExcludingTaxes = new Amount { Value = 100.00m, Currency = "EUR" },
                Taxes = [new TaxLine { RateTypeId = 1, Value = 20.00m, Currency = "EUR" }],
                IncludingTaxes = new Amount { Value = 120.00m, Currency = "EUR" },
            },
            PaymentDetails = new PaymentDetails
            {
                PaymentMethod = "BankTransfer",
                BankAccount = new BankAccount { Iban = ValidIban, Bic = "BDFEFRPP" },
            },
            Attachments = [],
        },
    };

    /// <summary>The same invoice with no document number: complete except for a field required to book.</summary>
    public static InboxItem WithoutNumber(int inboxId) => Invoice(inboxId) with
    {
        Document = Invoice(inboxId).Document! with { DocumentNumber = null },
    };
}
