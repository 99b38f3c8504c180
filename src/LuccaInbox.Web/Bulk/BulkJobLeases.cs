using LuccaInbox.Web.Data;
using LuccaInbox.Web.Instances;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Bulk;

/// <summary>
/// Which instance works on a Running bulk job: the one whose id is in its LeaseOwner until LeaseExpiresAtUtc
/// (Bulk:LeaseSeconds, default 60, from its last renewal). Taken with one conditional UPDATE (lease free, expired or
/// already ours; on PostgreSQL a second UPDATE waits for the first and re-reads the row, so exactly one wins), renewed
/// while the job runs, given up when it ends or the app stops. An instance that dies keeps it until it expires; then
/// any instance's periodic check takes it over. SQLite has one instance: every lease there is this app's or a
/// previous run's, so it is always taken.
/// </summary>
public sealed class BulkJobLeases(IDbContextFactory<AppDbContext> dbFactory, AppDatabase database, AppInstance instance, IConfiguration configuration,
    TimeProvider time)
{
    public const int DefaultSeconds = 60;

    public TimeSpan Duration => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Bulk:LeaseSeconds", DefaultSeconds)));

    public string Owner => instance.Id;

    /// <summary>The lease a new job starts with: its creator's instance works on it.</summary>
    public void Start(BulkBookingJob job)
    {
        job.LeaseOwner = Owner;
        job.LeaseExpiresAtUtc = time.GetUtcNow().UtcDateTime + Duration;
    }

    /// <summary>Running jobs this instance may take now (their items as saved), oldest first.</summary>
    public async Task<List<BulkBookingJob>> TakeableAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Takeable(db.BulkBookingJobs.AsNoTracking().Include(j => j.Items).Where(j => j.Status == BulkJobStatus.Running))
            .OrderBy(j => j.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Takes the job if nobody else holds it; then reads it again, with its items as the last owner left them.</summary>
    public async Task<BulkBookingJob?> TryTakeAsync(int jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var until = time.GetUtcNow().UtcDateTime + Duration;
        var taken = await Takeable(db.BulkBookingJobs.Where(j => j.Id == jobId && j.Status == BulkJobStatus.Running))
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.LeaseOwner, Owner).SetProperty(j => j.LeaseExpiresAtUtc, until), cancellationToken);
        if (taken == 0) return null;
        return await db.BulkBookingJobs.AsNoTracking().Include(j => j.Items).SingleAsync(j => j.Id == jobId, cancellationToken);
    }

    /// <summary>Extends this instance's lease. Not held: the job is no longer ours (taken over, or no longer Running).
    /// <see cref="LeaseState.CancelledBy"/>: someone asked, on any instance, to cancel it.</summary>
    public async Task<LeaseState> RenewAsync(int jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var until = time.GetUtcNow().UtcDateTime + Duration;
        var renewed = await db.BulkBookingJobs.Where(j => j.Id == jobId && j.Status == BulkJobStatus.Running && j.LeaseOwner == Owner)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.LeaseExpiresAtUtc, until), cancellationToken);
        if (renewed == 0) return new LeaseState(false, null);
        var cancelledBy = await db.BulkBookingJobs.Where(j => j.Id == jobId).Select(j => j.CancelledBy).SingleAsync(cancellationToken);
        return new LeaseState(true, cancelledBy);
    }

    /// <summary>Gives the job up (the app stops, or the creator must sign in again): another instance may take it at once.</summary>
    public async Task ReleaseAsync(int jobId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.BulkBookingJobs.Where(j => j.Id == jobId && j.LeaseOwner == Owner)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAtUtc, (DateTime?)null));
    }

    /// <summary>Asks whichever instance runs the job to stop it before its next item (CancelledBy on a Running job).</summary>
    public async Task<bool> RequestCancelAsync(int jobId, string by, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BulkBookingJobs.Where(j => j.Id == jobId && j.Status == BulkJobStatus.Running && j.CancelledBy == null)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.CancelledBy, by.Length > 200 ? by[..200] : by), cancellationToken) > 0;
    }

    private IQueryable<BulkBookingJob> Takeable(IQueryable<BulkBookingJob> jobs)
    {
        if (!database.IsPostgres) return jobs;
        var now = time.GetUtcNow().UtcDateTime;
        var owner = Owner;
        return jobs.Where(j => j.LeaseOwner == null || j.LeaseOwner == owner || j.LeaseExpiresAtUtc == null || j.LeaseExpiresAtUtc < now);
    }
}

public sealed record LeaseState(bool Held, string? CancelledBy);
