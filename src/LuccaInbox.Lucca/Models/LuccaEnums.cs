namespace LuccaInbox.Lucca.Models;

// Known values of the API's enums (API-FACTS §2). Fields stay strings so that a value Lucca adds
// later is shown and sent back as it came instead of failing deserialization.

public static class OcrStatuses
{
    public const string Pending = "Pending";
    public const string Processing = "Processing";
    public const string Processed = "Processed";
    public const string Failed = "Failed";
    public const string NotApplicable = "NotApplicable";
    public static readonly IReadOnlyList<string> All = [Pending, Processing, Processed, Failed, NotApplicable];
}

public static class DocumentTypes
{
    public const string Invoice = "Invoice";
    public const string CreditNote = "CreditNote";
    public static readonly IReadOnlyList<string> All = [Invoice, CreditNote];
}

public static class PaymentMethods
{
    public static readonly IReadOnlyList<string> All = ["BankTransfer", "PhysicalCard", "Check", "DirectDebit", "SingleUseCard"];
}

public static class ConformityStates
{
    public static readonly IReadOnlyList<string> All = ["ToReview", "PendingBreakdown", "Confirmed", "Litigation", "Discarded", "Removed", "Bypassed"];
}

public static class PaymentStates
{
    public static readonly IReadOnlyList<string> All = ["None", "ToPay", "UnderReview", "Emitting", "Paid", "OnHold", "Rejected", "Cancelled"];
}
