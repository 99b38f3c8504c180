using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// Four-eyes (Booking:FourEyes, default on in Production): whoever made the last change to a document cannot book it.
/// Decided from the audit log, which records the authenticated identity, counting every edit attempt Lucca may have
/// applied (succeeded, or with an outcome not known), and from Lucca's own modifier where it names the booker.
/// </summary>
public sealed class BookingRules(IConfiguration configuration, IHostEnvironment environment, AuditReader audit)
{
    public bool FourEyes => configuration.GetValue<bool?>("Booking:FourEyes") ?? environment.IsProduction();

    /// <returns>Why this user may not book this document, or null.</returns>
    public async Task<string?> FourEyesBlockerAsync(AppUser user, int documentId, CancellationToken cancellationToken = default)
    {
        if (!FourEyes) return null;
        var lastEdit = (await audit.HistoryAsync(documentId, cancellationToken))
            .Where(e => e.Action == AuditActions.Edit && MayHaveBeenApplied(e))
            .MaxBy(e => e.Sequence);
        return lastEdit is not null && lastEdit.UserObjectId == user.ObjectId
            ? $"Four-eyes rule: you made the last change to this document ({lastEdit.AtUtc:g} UTC{(lastEdit.Outcome == AuditOutcomes.Pending ? ", its outcome not known yet" : "")}), so another booker must book it."
            : null;
    }

    /// <returns>Why this user may not book the version Lucca holds, when Lucca names them as its last modifier.</returns>
    public string? FourEyesBlocker(AppUser user, Document current) =>
        FourEyes && current.Modifier is { } modifier && NamesUser(modifier, user)
            ? $"Four-eyes rule: Lucca says you made the last change to this document ({current.ModifiedAt:g} UTC), so another booker must book it."
            : null;

    /// <summary>Succeeded, Pending, or failed in a way that does not prove Lucca left the document as it was.</summary>
    private static bool MayHaveBeenApplied(AuditEntry edit) => edit.Outcome switch
    {
        AuditOutcomes.Succeeded or AuditOutcomes.Pending => true,
        _ => edit.LuccaStatus is not (>= 400 and < 500) // Lucca refused it: nothing was applied
            && edit.Note?.StartsWith("Not sent", StringComparison.Ordinal) != true
            && edit.Error?.StartsWith("Not applied", StringComparison.Ordinal) != true,
    };

    private static bool NamesUser(UserReference modifier, AppUser user) =>
        (!string.IsNullOrWhiteSpace(modifier.Name) && string.Equals(modifier.Name.Trim(), user.Name.Trim(), StringComparison.OrdinalIgnoreCase))
        || (!string.IsNullOrWhiteSpace(user.Email) && modifier.Extra?.TryGetValue("email", out var email) == true
            && string.Equals(email.ToString(), user.Email, StringComparison.OrdinalIgnoreCase));
}
