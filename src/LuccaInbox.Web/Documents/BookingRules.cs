using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// Four-eyes (Booking:FourEyes, default on in Production): whoever made the last successful edit of a document
/// cannot book it. Decided from the audit log, which records the authenticated identity.
/// </summary>
public sealed class BookingRules(IConfiguration configuration, IHostEnvironment environment, AuditReader audit)
{
    public bool FourEyes => configuration.GetValue<bool?>("Booking:FourEyes") ?? environment.IsProduction();

    /// <returns>Why this user may not book this document, or null.</returns>
    public async Task<string?> FourEyesBlockerAsync(AppUser user, int documentId, CancellationToken cancellationToken = default)
    {
        if (!FourEyes) return null;
        var lastEdit = await audit.LastSucceededAsync(documentId, AuditActions.Edit, cancellationToken);
        return lastEdit is not null && lastEdit.UserObjectId == user.ObjectId
            ? $"Four-eyes rule: you made the last change to this document ({lastEdit.AtUtc.ToLocalTime():g}), so another booker must book it."
            : null;
    }
}
