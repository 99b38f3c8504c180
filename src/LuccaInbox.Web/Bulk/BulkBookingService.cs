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
/// "Book selected": a job per request, booked one document at a time through DocumentBooking (so through the shared
/// request budget, the single-flight guard and the audit log, as BulkBook). Each item's result is saved before the
/// next starts, and every attempt's audit entry carries the job's note, so a restarted app resumes a job without
/// booking anything twice: an item whose attempt is already in the audit log is concluded from it, never re-sent.
/// Each booking is made as the creator with the roles they hold at that moment (<see cref="BulkJobCreator"/>).
/// With several instances, one works on a job at a time, under its lease (<see cref="BulkJobLeases"/>): another takes
/// the job over when the lease expires and goes on the same way, so nothing whose attempt is in the audit log is re-sent.
/// </summary>
public sealed class BulkBookingService(IDbContextFactory<AppDbContext> dbFactory, InboxService inbox, DocumentBooking booking, BookingReconciler reconciler,
    AuditReader auditReader, BookingRules rules, BulkJobCreator creators, LuccaRequestBudget budget, IOptionsMonitor<LuccaOptions> luccaOptions,
    BulkJobLeases leases, TimeProvider time, ILogger<BulkBookingService> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, BulkJobView> _jobs = new();
    private readonly ConcurrentDictionary<int, JobRun> _running = new();
    private readonly ConcurrentDictionary<int, bool> _waitingForSignIn = new();
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    /// <summary>Raised after every change of a job (start, each item, end).</summary>
    public event Action<BulkJobView>? Changed;

    /// <summary>The note on every audit entry of a job: how a resumed job finds its own earlier attempts.</summary>
    public static string NoteFor(int jobId) => $"Bulk booking job #{jobId}";

    public BulkJobView? Get(int jobId) => _jobs.GetValueOrDefault(jobId);

    public IReadOnlyList<BulkJobView> Active => _jobs.Values.Where(j => j.IsRunning).OrderBy(j => j.Id).ToList();

    /// <summary>How long a job's lease lasts without renewal (Bulk:LeaseSeconds): other instances look for expired ones twice as often.</summary>
    public TimeSpan LeaseDuration => leases.Duration;

    /// <summary>Cancelled once this service stops (the app shuts down).</summary>
    public CancellationToken Stopping => Volatile.Read(ref _disposed) ? new CancellationToken(canceled: true) : _stopping.Token;

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
        if (job.Status == BulkJobStatus.Running) leases.Start(job);
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

    /// <summary>Stops the job running here before its next item; the item being booked, if any, is seen through.</summary>
    public bool Cancel(int jobId, AppUser user)
    {
        user.Demand(AppRoles.InboxBook, "cancel a bulk booking");
        if (!_running.TryGetValue(jobId, out var run)) return false;
        Interlocked.CompareExchange(ref run.CancelledBy, user.Name, null);
        return true;
    }

    /// <summary>Stops the job wherever it runs: here at once, on another instance before its next item (it reads the
    /// request from the database between items).</summary>
    public async Task<bool> CancelAsync(int jobId, AppUser user, CancellationToken cancellationToken = default)
    {
        var here = Cancel(jobId, user);
        try
        {
            return await leases.RequestCancelAsync(jobId, user.Name, cancellationToken) || here;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Bulk booking job {JobId}: the cancellation could not be saved{Here}", jobId, here ? "; it stops here anyway" : "");
            return here;
        }
    }

    /// <summary>Remaining items × one request's share of the shared budget (window / permit limit).</summary>
    public TimeSpan EstimatedRemaining(BulkJobView job)
    {
        var host = Uri.TryCreate(luccaOptions.CurrentValue.BaseUrl, UriKind.Absolute, out var baseUrl) ? baseUrl.Authority : "";
        var limiter = budget.For(host);
        return limiter.Window / limiter.PermitLimit * job.Remaining;
    }

    /// <summary>
    /// Picks up the Running jobs nobody works on (left by a previous run of the app, or by an instance whose lease
    /// expired) and continues them from their Queued items. At start-up, then every <see cref="LeaseDuration"/> / 2.
    /// </summary>
    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        var jobs = await leases.TakeableAsync(cancellationToken);
        foreach (var found in jobs.Where(j => !_running.ContainsKey(j.Id)))
        {
            if (creators.Now(found) is null)
            {
                WaitForSignIn(found);
                continue;
            }
            if (await leases.TryTakeAsync(found.Id, cancellationToken) is not { } job) continue; // another instance was quicker
            _waitingForSignIn.TryRemove(job.Id, out _);
            logger.LogInformation("Resuming bulk booking job {JobId} (lease was {PreviousOwner}): {Remaining} item(s) left", job.Id,
                found.LeaseOwner ?? "free", job.Items.Count(i => i.Status == BulkItemStatus.Queued));
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

    /// <summary>Keeps the job Running, unseen, until its creator signs in again: nobody can tell what they may do now.</summary>
    private void WaitForSignIn(BulkBookingJob job)
    {
        _jobs.TryRemove(job.Id, out _);
        if (!_waitingForSignIn.TryAdd(job.Id, true)) return; // said once; the periodic check finds it again
        logger.LogWarning("Bulk booking job {JobId} waits for {UserObjectId} to sign in again: their roles cannot be told now",
            job.Id, job.CreatedByObjectId);
        creators.CallAtNextSignIn(job.CreatedByObjectId, () => _stopping.IsCancellationRequested ? Task.CompletedTask : ResumeAsync(_stopping.Token));
    }

    private async Task WorkAsync(BulkBookingJob job, JobRun run)
    {
        using var renewing = new CancellationTokenSource();
        var renewals = RenewWhileRunningAsync(job.Id, run, renewing.Token);
        var ended = false;
        try
        {
            foreach (var item in job.Items.Where(i => i.Status == BulkItemStatus.Queued).OrderBy(i => i.Id).ToList())
            {
                if (_stopping.IsCancellationRequested) return; // stays Running: the next start resumes it
                if (!await StillOursAsync(job, run)) return;
                if (Volatile.Read(ref run.CancelledBy) is not null) break;
                if (await BookOneAsync(job, item, run) is not { } outcome)
                {
                    await renewing.CancelAsync();
                    await ReleaseAsync(job.Id); // a sign-in on another instance may take it meanwhile
                    _running.TryRemove(KeyValuePair.Create(job.Id, run)); // before: the sign-in may resume it at once
                    WaitForSignIn(job);
                    ended = true;
                    return;
                }
                var (status, message, auditEntryId) = outcome;
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
            await SaveAsync(job, left); // gives up the lease with the job
            ended = true;
            Publish(job);
            logger.LogInformation("Bulk booking job {JobId} {Status}: {Booked} booked, {Failed} failed, {Skipped} skipped",
                job.Id, job.Status, job.Booked, job.Failed, job.Skipped);
        }
        catch (Exception e)
        {
            // Nothing is lost: the job stays Running in the database and the audit log holds every attempt.
            logger.LogError(e, "Bulk booking job {JobId} stopped; it is resumed by the next check for jobs nobody works on", job.Id);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewals;
            // Stopped before its end (the app stops, or it failed): the lease goes now rather than when it expires.
            if (!ended && !run.LeaseLost) await ReleaseAsync(job.Id);
            _running.TryRemove(KeyValuePair.Create(job.Id, run));
        }
    }

    /// <summary>Between items: the lease is renewed, and a cancellation asked on any instance is seen.</summary>
    private async Task<bool> StillOursAsync(BulkBookingJob job, JobRun run)
    {
        var lease = await leases.RenewAsync(job.Id);
        if (lease.CancelledBy is { } by) Interlocked.CompareExchange(ref run.CancelledBy, by, null);
        if (lease.Held && !run.LeaseLost) return true;
        run.LeaseLost = true;
        _jobs.TryRemove(job.Id, out _);
        logger.LogWarning("Bulk booking job {JobId}: its lease was taken over by another instance; this one stops working on it", job.Id);
        return false;
    }

    /// <summary>Renews the lease every third of it while an item takes long (a POST is seen through, whatever it takes).</summary>
    private async Task RenewWhileRunningAsync(int jobId, JobRun run, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(leases.Duration / 3, time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var lease = await leases.RenewAsync(jobId, cancellationToken);
                    if (lease.CancelledBy is { } by) Interlocked.CompareExchange(ref run.CancelledBy, by, null);
                    if (!lease.Held) run.LeaseLost = true;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Bulk booking job {JobId}: its lease could not be renewed; trying again", jobId);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReleaseAsync(int jobId)
    {
        try
        {
            await leases.ReleaseAsync(jobId);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Bulk booking job {JobId}: its lease could not be given up; another instance takes the job when it expires", jobId);
        }
    }

    /// <summary>The item's result; null when its creator's roles cannot be told now (nothing was done).</summary>
    private async Task<(BulkItemStatus, string, long?)?> BookOneAsync(BulkBookingJob job, BulkBookingItem item, JobRun run)
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
                    : $"No longer in the inbox: booked by {by.UserName} on {by.AtUtc:yyyy-MM-dd HH:mm} UTC.", null);
            }
            // Asked now, right before the booking: the roles the creator holds today, not those they had when starting.
            if (creators.Now(job) is not { } user) return null;
            if (!user.Can(AppRoles.InboxBook))
            {
                var reason = BulkJobCreator.WithoutBookRole(user);
                Interlocked.CompareExchange(ref run.CancelledBy, $"the app ({reason})", null);
                return (BulkItemStatus.Skipped, $"Not booked: {reason}.", await creators.RecordStopAsync(job, item, user, reason));
            }
            var result = await booking.BulkBookAsync(user, row.Item, note);
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
        var result = await reconciler.ConcludeAsync(attempt);
        return (StatusOf(result.Status), result.Message, attempt.Id);
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
        var saved = db.BulkBookingJobs.Where(j => j.Id == job.Id);
        if (job.Status == BulkJobStatus.Running)
        {
            // Not CancelledBy: while the job runs it holds a cancellation asked from any instance, not to be overwritten.
            // The counts only while the job is ours: an instance that lost its lease mid-item saves that item, not its stale counts.
            var owner = leases.Owner;
            await saved.Where(j => j.LeaseOwner == owner).ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Total, job.Total)
                .SetProperty(j => j.Booked, job.Booked)
                .SetProperty(j => j.Failed, job.Failed)
                .SetProperty(j => j.Skipped, job.Skipped));
        }
        else
        {
            await saved.ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, job.Status)
                .SetProperty(j => j.FinishedAtUtc, job.FinishedAtUtc)
                .SetProperty(j => j.CancelledBy, job.CancelledBy)
                .SetProperty(j => j.Total, job.Total)
                .SetProperty(j => j.Booked, job.Booked)
                .SetProperty(j => j.Failed, job.Failed)
                .SetProperty(j => j.Skipped, job.Skipped)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAtUtc, (DateTime?)null));
        }
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
        if (Volatile.Read(ref _disposed)) return; // the provider disposed this service before the host stopped: already stopped
        await _stopping.CancelAsync();
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
        Volatile.Write(ref _disposed, true);
        _stopping.Dispose();
    }

    private sealed class JobRun
    {
        public Task? Worker;
        /// <summary>Set once, by the first Cancel (here or, read from the database, on any instance) or when the creator lost
        /// Inbox.Book: the worker reads it between items.</summary>
        public string? CancelledBy;
        /// <summary>Another instance holds the job now: this one stops without touching it further.</summary>
        public volatile bool LeaseLost;
    }
}
