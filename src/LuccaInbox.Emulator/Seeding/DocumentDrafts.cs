namespace LuccaInbox.Emulator.Seeding;

/// <summary>When a record was created and last changed, and by whom; timestamps already formatted as Lucca writes them.</summary>
internal sealed record Stamps(string CreatedAt, string ModifiedAt, User Author, User Modifier);

/// <summary>How a document is paid; the bank account only for a transfer or a direct debit.</summary>
internal sealed record Payment(string Method, string? Iban, string? Bic);

/// <summary>Everything drawn for one inbox item (a document before booking), ready to be written as JSON.</summary>
internal sealed record InboxItemDraft(
    int Id, int DocumentId, bool Credit, User Owner, Purchase Purchase, PaperInvoice Paper, Reading Reading, int? BreakdownId,
    string? AccountingLabel, string? Comment, List<Attachment> Attachments, string OcrStatus, Payment? Payment, string SourceType,
    Stamps Stamps);

/// <summary>Everything drawn for one booked invoice or credit note, ready to be written as JSON.</summary>
internal sealed record BookedDocumentDraft(
    int Id, bool Credit, Purchase Purchase, PaperInvoice Paper, decimal EurRate, decimal ExpectedAmount, int? BreakdownId,
    List<Attachment> Attachments, Payment Payment, DateOnly? PaymentDate, string ConformityState, string PaymentState,
    string Completion, string Flag, string? AccountingLabel, string? Comment, int CommentsCount, Stamps Stamps);
