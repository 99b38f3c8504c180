using System.Collections.Concurrent;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Web.Bulk;

/// <summary>
/// "Book selected": a job per request, booked one document at a time through DocumentActions (so through the shared
/// request budget, the single-flight guard and the audit log, as BulkBook). Each item's result is saved before the
/// next starts, and every attempt's audit entry carries the job's note, so a restarted app resumes a job without
/// booking anything twice: an item whose attempt is already in the audit log is concluded from it, never re-sent.
/// </summary>
public sealed class BulkBookingService(IDbContextFactory<AuditDbContext> dbFactory, InboxService inbox, DocumentActions actions, Documents.BookingCheck bookingCheck,
    AuditReader auditReader, BookingRules rules, LuccaRequestBudget budget, IOptionsMonitor<LuccaOptions> luccaOptions, TimeProvider time,
    ILogger<BulkBookingService> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, BulkJobView> _jobs = new();
    private readonly ConcurrentDictionary<int, JobRun> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Raised after every change of a job (start, each item, end).</summary>
    public event Action<BulkJobView>? Changed;

    /// <summary>The note on every audit entry of a job: how a resumed job finds its own earlier attempts.</summary>
    public static string NoteFor(int jobId) => $"Bulk booking job #{jobId}";

    public BulkJobView? Get(int jobId) => _jobs.GetValueOrDefault(jobId);

    public IReadOnlyList<BulkJobView> Active => _jobs.Values.Where(j => j.IsRunning).OrderBy(j => j.Id).ToList();

    /// <summary>Queues the bookable documents among <paramref name="inboxIds"/>; the others are recorded as Skipped with the reason.</summary>
    public async Task<BulkJobView> StartAsync(AppUser user, IReadOnlyList<int> inboxIds, CancellationToken cancellationToken = default)
    {
        user.Demand(AppRoles.InboxBook, "book documents");
        if (inboxIds.Count == 0) throw new ArgumentException("Select at least one document.", nameof(inboxIds));
        var snapshot = await inbox.GetAsync(cancellationToken: cancellationToken);
        var job = new BulkBookingJob
        {
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            CreatedByObjectId = user.ObjectId,
            CreatedByName = user.Name,
            CreatedByEmail = user.Email,
            Status = BulkJobStatus.Running,
        };
        foreach (var inboxId in inboxIds.Distinct())
        {
            var row = snapshot.ById.GetValueOrDefault(inboxId);
            var skip = row is null ? "Not in the inbox."
                : BulkBookability.Blocker(row) ?? await rules.FourEyesBlockerAsync(user, row.DocumentId, cancellationToken);
            job.Items.Add(BulkBookingItem.For(inboxId, row, skip));
        }
        if (job.Items.All(i => i.Status != BulkItemStatus.Queued))
        {
            job.Status = BulkJobStatus.Completed;
            job.FinishedAtUtc = job.CreatedAtUtc;
        }
        job.Recount();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.BulkBookingJobs.Add(job);
            await db.SaveChangesAsync(cancellationToken);
        }
        logger.LogInformation("Bulk booking job {JobId} started by {UserObjectId}: {Queued} queued, {Skipped} skipped",
            job.Id, user.ObjectId, job.Total - job.Skipped, job.Skipped);
        var view = Publish(job);
        if (job.Status == BulkJobStatus.Running) Launch(job);
        return view;
    }

    /// <summary>Stops the job before its next item; the item being booked, if any, is seen through.</summary>
    public bool Cancel(int jobId, AppUser user)
    {
        user.Demand(AppRoles.InboxBook, "cancel a bulk booking");
        if (!_running.TryGetValue(jobId, out var run)) return false;
        Interlocked.CompareExchange(ref run.CancelledBy, user.Name, null);
        return true;
    }

    /// <summary>Remaining items × one request's share of the shared budget (window / permit limit).</summary>
    public TimeSpan EstimatedRemaining(BulkJobView job)
    {
        var host = Uri.TryCreate(luccaOptions.CurrentValue.BaseUrl, UriKind.Absolute, out var baseUrl) ? baseUrl.Authority : "";
        var limiter = budget.For(host);
        return limiter.Window / limiter.PermitLimit * job.Remaining;
    }

    /// <summary>Picks up the jobs a previous run of the app left Running and continues them from their Queued items.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        List<BulkBookingJob> jobs;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            jobs = await db.BulkBookingJobs.AsNoTracking().Include(j => j.Items)
                .Where(j => j.Status == BulkJobStatus.Running).OrderBy(j => j.Id).ToListAsync(cancellationToken);
        }
        foreach (var job in jobs.Where(j => !_running.ContainsKey(j.Id)))
        {
            logger.LogInformation("Resuming bulk booking job {JobId}: {Remaining} item(s) left", job.Id, job.Items.Count(i => i.Status == BulkItemStatus.Queued));
            Publish(job);
            Launch(job);
        }
    }

    private void Launch(BulkBookingJob job)
    {
        var run = new JobRun();
        if (!_running.TryAdd(job.Id, run)) return;
        run.Worker = Task.Run(() => WorkAsync(job, run));
    }

    private async Task WorkAsync(BulkBookingJob job, JobRun run)
    {
        // The creator held Inbox.Book when starting the job; a resumed job goes on booking on their behalf, as they asked.
        var user = new AppUser(job.CreatedByObjectId, job.CreatedByName, job.CreatedByEmail,
            new HashSet<string>([AppRoles.InboxRead, AppRoles.InboxBook], StringComparer.Ordinal), IsDevelopmentSignIn: false);
        try
        {
            foreach (var item in job.Items.Where(i => i.Status == BulkItemStatus.Queued).OrderBy(i => i.Id).ToList())
            {
                if (_stopping.IsCancellationRequested) return; // stays Running: the next start resumes it
                if (Volatile.Read(ref run.CancelledBy) is not null) break;
                var (status, message, auditEntryId) = await BookOneAsync(job, item, user);
                item.Status = status;
                item.Message = message.Length > 1000 ? message[..1000] : message;
                item.AuditEntryId = auditEntryId ?? item.AuditEntryId;
                await SaveAsync(job, [item]);
                Publish(job);
            }
            var left = job.Items.Where(i => i.Status == BulkItemStatus.Queued).ToList();
            foreach (var item in left)
            {
                item.Status = BulkItemStatus.Skipped;
                item.Message = $"Cancelled by {run.CancelledBy}.";
            }
            job.Status = left.Count > 0 ? BulkJobStatus.Cancelled : BulkJobStatus.Completed;
            job.CancelledBy = left.Count > 0 ? run.CancelledBy : null;
            job.FinishedAtUtc = time.GetUtcNow().UtcDateTime;
            await SaveAsync(job, left);
            Publish(job);
            logger.LogInformation("Bulk booking job {JobId} {Status}: {Booked} booked, {Failed} failed, {Skipped} skipped",
                job.Id, job.Status, job.Booked, job.Failed, job.Skipped);
        }
        catch (Exception e)
        {
            // Nothing is lost: the job stays Running in the database and the audit log holds every attempt.
            logger.LogError(e, "Bulk booking job {JobId} stopped; it resumes at the next start of the app", job.Id);
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
        }
    }

    private async Task<(BulkItemStatus, string, long?)> BookOneAsync(BulkBookingJob job, BulkBookingItem item, AppUser user)
    {
        var note = NoteFor(job.Id);
        try
        {
            // An attempt already in the audit log means the app stopped between writing it and saving this item's result.
            if (await auditReader.LastAttemptAsync(item.DocumentId, AuditActions.BulkBook, note) is { } earlier)
            {
                return await ConcludeAsync(earlier);
            }
            var snapshot = await inbox.GetAsync();
            if (!snapshot.ById.TryGetValue(item.InboxId, out var row))
            {
                var by = await auditReader.LastBookingAsync(item.DocumentId);
                return (BulkItemStatus.Skipped, by is null ? "No longer in the inbox."
                    : $"No longer in the inbox: booked by {by.UserName} on {by.AtUtc.ToLocalTime():g}.", null);
            }
            var result = await actions.BulkBookAsync(user, row.Item, note);
            return (StatusOf(result.Status), result.Message, result.AuditEntryId);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Bulk booking job {JobId}: inbox item {InboxId} could not be booked", job.Id, item.InboxId);
            // If the attempt got as far as its audit entry, that entry (checked in Lucca if pending) says what happened.
            if (await auditReader.LastAttemptAsync(item.DocumentId, AuditActions.BulkBook, note) is { } attempt) return await ConcludeAsync(attempt);
            return (BulkItemStatus.Failed, e is AuditUnavailableException ? e.Message : $"Not booked: {e.Message}", null);
        }
    }

    private async Task<(BulkItemStatus, string, long?)> ConcludeAsync(AuditEntry attempt)
    {
        switch (attempt.Outcome)
        {
            case AuditOutcomes.Succeeded:
                if (attempt.InboxId is { } inboxId) inbox.Remove(inboxId);
                return (BulkItemStatus.Booked, "Booked (as recorded in the audit log).", attempt.Id);
            case AuditOutcomes.Failed:
                return (BulkItemStatus.Failed, attempt.Error ?? "Not booked.", attempt.Id);
            default:
                var reconciled = await bookingCheck.SettleAsync(attempt, null);
                return (StatusOf(reconciled.Status), reconciled.Message, attempt.Id);
        }
    }

    private static BulkItemStatus StatusOf(BookStatus status) => status switch
    {
        BookStatus.Booked => BulkItemStatus.Booked,
        BookStatus.AlreadyBooked or BookStatus.InProgress or BookStatus.Refused or BookStatus.Changed => BulkItemStatus.Skipped,
        _ => BulkItemStatus.Failed, // Failed, and Unknown: the pending audit entry says "do not book again for now"
    };

    private async Task SaveAsync(BulkBookingJob job, IReadOnlyList<BulkBookingItem> changed)
    {
        job.Recount();
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var item in changed)
        {
            await db.BulkBookingItems.Where(i => i.Id == item.Id).ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, item.Status)
                .SetProperty(i => i.Message, item.Message)
                .SetProperty(i => i.AuditEntryId, item.AuditEntryId));
        }
        await db.BulkBookingJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.Status, job.Status)
            .SetProperty(j => j.FinishedAtUtc, job.FinishedAtUtc)
            .SetProperty(j => j.CancelledBy, job.CancelledBy)
            .SetProperty(j => j.Total, job.Total)
            .SetProperty(j => j.Booked, job.Booked)
            .SetProperty(j => j.Failed, job.Failed)
            .SetProperty(j => j.Skipped, job.Skipped));
        await transaction.CommitAsync();
    }

    private BulkJobView Publish(BulkBookingJob job)
    {
        var view = BulkJobView.From(job);
        _jobs[job.Id] = view;
        Changed?.Invoke(view);
        return view;
    }

    /// <summary>Lets each job finish the item it is on (a booking POST is seen through), then stops; jobs stay Running.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            return; // disposed already: a host may stop its services after disposing them (dotnet/aspnetcore#40271)
        }
        try
        {
            await Task.WhenAll(_running.Values.Select(r => r.Worker ?? Task.CompletedTask)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Stopped waiting for bulk booking jobs; they resume at the next start");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    private sealed class JobRun
    {
        public Task? Worker;
        /// <summary>Set once, by the first Cancel: the worker reads it between items.</summary>
        public string? CancelledBy;
    }
}
