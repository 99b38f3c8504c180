using LuccaInbox.Web.Data;
using LuccaInbox.Web.Common;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.Audit;

/// <summary>What the audit page's URL asks for. From and To are calendar days as the person picked them: the reader
/// turns them into instants in their zone (<see cref="AuditReader.SearchAsync(AuditFilter, TimeZoneInfo, int, CancellationToken)"/>).</summary>
public sealed record AuditFilter(string? User = null, string? Action = null, string? Outcome = null, DateOnly? From = null,
    DateOnly? To = null, string? DocumentNumber = null, int? DocumentId = null, bool NewestFirst = true);

/// <summary>Reads the audit log for pages, exports and rules (four-eyes, "already booked by").</summary>
public sealed class AuditReader(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int MaxRows = 5000;

    /// <summary>The entries the filter picks; its From and To are days in UTC. For a person's view use the overload
    /// with their zone: <c>SearchAsync(filter, viewerClock.Zone)</c>.</summary>
    public Task<IReadOnlyList<AuditEntry>> SearchAsync(AuditFilter filter, int take = MaxRows, CancellationToken cancellationToken = default) =>
        SearchAsync(filter, TimeZoneInfo.Utc, take, cancellationToken);

    /// <summary>The entries the filter picks; its From and To are the person's days: local days in <paramref name="daysIn"/>,
    /// from the first instant of From to the first instant of the day after To.</summary>
    public async Task<IReadOnlyList<AuditEntry>> SearchAsync(AuditFilter filter, TimeZoneInfo daysIn, int take = MaxRows,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = filter.User.Trim();
            query = query.Where(e => e.UserName.Contains(user) || (e.UserEmail != null && e.UserEmail.Contains(user)) || e.UserObjectId == user);
        }
        if (!string.IsNullOrWhiteSpace(filter.Action)) query = query.Where(e => e.Action == filter.Action);
        if (!string.IsNullOrWhiteSpace(filter.Outcome)) query = query.Where(e => e.Outcome == filter.Outcome);
        if (filter.From is { } from)
        {
            var start = ViewerClock.StartOfDayUtc(from, daysIn);
            query = query.Where(e => e.AtUtc >= start);
        }
        if (filter.To is { } to && to < DateOnly.MaxValue) // the calendar's last day has no next day: it bounds nothing
        {
            var end = ViewerClock.StartOfDayUtc(to.AddDays(1), daysIn);
            query = query.Where(e => e.AtUtc < end);
        }
        if (!string.IsNullOrWhiteSpace(filter.DocumentNumber))
        {
            var number = filter.DocumentNumber.Trim();
            query = query.Where(e => e.DocumentNumber != null && e.DocumentNumber.Contains(number));
        }
        if (filter.DocumentId is { } documentId) query = query.Where(e => e.DocumentId == documentId);
        query = filter.NewestFirst ? query.OrderByDescending(e => e.Sequence) : query.OrderBy(e => e.Sequence);
        return await query.Take(take).ToListAsync(cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> HistoryAsync(int documentId, CancellationToken cancellationToken = default) =>
        SearchAsync(new AuditFilter(DocumentId: documentId), 200, cancellationToken);

    public async Task<AuditEntry?> LastSucceededAsync(int documentId, string action, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.DocumentId == documentId && e.Action == action && e.Outcome == AuditOutcomes.Succeeded)
            .OrderByDescending(e => e.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public Task<AuditEntry?> LastBookingAsync(int documentId, CancellationToken cancellationToken = default) =>
        LastBookingWhereAsync(e => e.DocumentId == documentId, cancellationToken);

    public Task<AuditEntry?> LastBookingOfInboxItemAsync(int inboxId, CancellationToken cancellationToken = default) =>
        LastBookingWhereAsync(e => e.InboxId == inboxId, cancellationToken);

    private async Task<AuditEntry?> LastBookingWhereAsync(System.Linq.Expressions.Expression<Func<AuditEntry, bool>> which, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking()
            .Where(which)
            .Where(e => (e.Action == AuditActions.Book || e.Action == AuditActions.BulkBook) && e.Outcome == AuditOutcomes.Succeeded)
            .OrderByDescending(e => e.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The successful bookings (Book, BulkBook) of any of these documents, by document id or by number (a booked id
    /// may differ from the document's: the caller matches them as <see cref="Documents.BookingReconciler.IsTheBookedDocument"/> does).</summary>
    public async Task<IReadOnlyList<AuditEntry>> SucceededBookingsAsync(IReadOnlyCollection<int> documentIds, IReadOnlyCollection<string> numbers,
        CancellationToken cancellationToken = default)
    {
        if (documentIds.Count == 0 && numbers.Count == 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking()
            .Where(e => (e.Action == AuditActions.Book || e.Action == AuditActions.BulkBook) && e.Outcome == AuditOutcomes.Succeeded)
            .Where(e => (e.DocumentId != null && documentIds.Contains(e.DocumentId.Value)) || (e.DocumentNumber != null && numbers.Contains(e.DocumentNumber)))
            .OrderByDescending(e => e.Sequence)
            .Take(MaxRows)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The latest attempt on a document that carried this note (a bulk job marks its attempts with its own note).</summary>
    public async Task<AuditEntry?> LastAttemptAsync(int documentId, string action, string note, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.DocumentId == documentId && e.Action == action && e.Note == note)
            .OrderByDescending(e => e.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Attempts whose outcome is not known yet. Read before every write to Lucca, so a log that cannot be read
    /// stops the write: <see cref="AuditUnavailableException"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> PendingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.AuditEntries.AsNoTracking().Where(e => e.Outcome == AuditOutcomes.Pending).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            throw new AuditUnavailableException("The audit log could not be read; nothing was sent to Lucca. Try again in a moment or tell your administrator.", e);
        }
    }
}
