using System.Collections.Concurrent;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;

namespace LuccaInbox.Web.Bulk;

/// <summary>
/// Who a bulk job books as: its creator with the roles they hold now (<see cref="SessionCheck.RolesNow"/>), asked
/// before each booking, never the roles they had when they started it. Roles nobody can tell now (no sign-in since the
/// app restarted, or past Auth:SessionMinutes) mean the job waits for the creator's next sign-in; roles without
/// Inbox.Book mean it stops, with the reason in the audit log under the creator's name.
/// </summary>
public sealed class BulkJobCreator(SessionCheck sessions, AuditLog auditLog, ILogger<BulkJobCreator> logger)
{
    private readonly ConcurrentDictionary<string, Func<Task>> _atSignIn = new(StringComparer.Ordinal);
    private int _listening;

    /// <summary>The creator as they are now; null when their roles cannot be known now.</summary>
    public AppUser? Now(BulkBookingJob job) => sessions.RolesNow(job.CreatedByObjectId) is { } roles
        ? new AppUser(job.CreatedByObjectId, job.CreatedByName, job.CreatedByEmail, roles, IsDevelopmentSignIn: false)
        : null;

    public static string WithoutBookRole(AppUser creator) => $"{creator.Name} no longer holds the {AppRoles.InboxBook} role";

    /// <summary>Records that the job stops before booking <paramref name="item"/>: a BulkBook attempt that failed before
    /// reaching Lucca, with the reason. Its entry id, or null when the audit log cannot be written (the job stops anyway).</summary>
    public async Task<long?> RecordStopAsync(BulkBookingJob job, BulkBookingItem item, AppUser creator, string reason)
    {
        try
        {
            var entry = await auditLog.BeginAsync(creator, new AuditIntent(AuditActions.BulkBook, item.InboxId, item.DocumentId,
                item.DocumentNumber, item.Supplier, item.Amount, item.Currency, Note: BulkBookingService.NoteFor(job.Id)));
            var left = job.Items.Count(i => i.Status == BulkItemStatus.Queued);
            await auditLog.CompleteAsync(entry, AuditOutcomes.Failed,
                error: $"Not booked: {reason} (checked before this booking). The job stopped with {left} document(s) not booked.");
            return entry.Id;
        }
        catch (AuditUnavailableException e)
        {
            logger.LogError(e, "Bulk booking job {JobId} stops ({Reason}) but the audit log could not record it", job.Id, reason);
            return null;
        }
    }

    /// <summary>Runs <paramref name="resume"/> once, in the background, at the next sign-in of <paramref name="objectId"/>.</summary>
    public void CallAtNextSignIn(string objectId, Func<Task> resume)
    {
        if (Interlocked.Exchange(ref _listening, 1) == 0) sessions.SignedIn += OnSignedIn;
        _atSignIn[objectId] = resume;
    }

    private void OnSignedIn(string objectId)
    {
        if (!_atSignIn.TryRemove(objectId, out var resume)) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await resume();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Bulk booking jobs waiting for {UserObjectId} could not be resumed; they resume at the next start", objectId);
            }
        });
    }
}
