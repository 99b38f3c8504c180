namespace LuccaInbox.Web.Audit;

public static class AuditActions
{
    public const string Edit = "Edit";
    public const string Book = "Book";
    public const string BulkBook = "BulkBook";
    public static readonly IReadOnlyList<string> All = [Edit, Book, BulkBook];
}

public static class AuditOutcomes
{
    public const string Pending = "Pending";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public static readonly IReadOnlyList<string> All = [Pending, Succeeded, Failed];
}

/// <summary>
/// One attempt to change Lucca: written (Pending) before the call, completed once with its outcome, never deleted.
/// Both writes are links of one hash chain: the intent link (Sequence, PreviousHash, Hash) covers who/what/diff,
/// the outcome link (OutcomeSequence, OutcomePreviousHash, OutcomeHash) covers the result. Deleting, editing or
/// reordering any row, or erasing an outcome, breaks the chain at that link.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public long Sequence { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";

    public DateTime AtUtc { get; set; }
    public string UserObjectId { get; set; } = "";
    public string UserName { get; set; } = "";
    public string? UserEmail { get; set; }
    public string Action { get; set; } = "";
    public int? InboxId { get; set; }
    public int? DocumentId { get; set; }
    public string? DocumentNumber { get; set; }
    public string? Supplier { get; set; }
    public decimal? Amount { get; set; }
    public string? Currency { get; set; }
    /// <summary>JSON array of {path, before, after} for an edit.</summary>
    public string? DiffJson { get; set; }
    /// <summary>Why the attempt was made in a particular way, e.g. "book anyway" reasons or a detected conflict.</summary>
    public string? Note { get; set; }
    public string CorrelationId { get; set; } = "";

    public string Outcome { get; set; } = AuditOutcomes.Pending;
    public DateTime? CompletedAtUtc { get; set; }
    public int? LuccaStatus { get; set; }
    public string? Error { get; set; }
    public long? OutcomeSequence { get; set; }
    public string? OutcomePreviousHash { get; set; }
    public string? OutcomeHash { get; set; }
}
