using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Data;
using LuccaInbox.Web.Inbox;
using Microsoft.EntityFrameworkCore;

namespace LuccaInbox.Web.SavedViews;

public sealed record SavedViewCount(SavedView View, int Count);

/// <summary>Saved views, per user, in the app's database; their counts come from the shared inbox snapshot.</summary>
public sealed class SavedViewsService(IDbContextFactory<AppDbContext> dbFactory, InboxService inbox, InvoiceCheck.DocumentChecks checks, TimeProvider time)
{
    public const int MaxNameLength = 60;

    public event Action<string>? Changed; // the user's object id

    public async Task<IReadOnlyList<SavedView>> ListAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SavedViews.AsNoTracking().Where(v => v.UserObjectId == user.ObjectId).OrderBy(v => v.Name).ToListAsync(cancellationToken);
    }

    /// <summary>The person's views with how many documents each shows now; <paramref name="today"/> is their day (ViewerClock.Today).</summary>
    public async Task<IReadOnlyList<SavedViewCount>> WithCountsAsync(AppUser user, DateOnly today, CancellationToken cancellationToken = default)
    {
        var views = await ListAsync(user, cancellationToken);
        var snapshot = inbox.Current;
        return views.Select(v => new SavedViewCount(v, InboxQueries.FilterAndSort(snapshot.Rows, InboxQuery.FromQueryString(v.Query), today, checks.Marks).Count())).ToList();
    }

    /// <summary>Saves the grid state under a name; the same name again replaces that view.</summary>
    public async Task<SavedView> SaveAsync(AppUser user, string name, InboxQuery query, CancellationToken cancellationToken = default)
    {
        user.Demand(AppRoles.InboxRead, "save views");
        var trimmed = name.Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new ArgumentException($"A view name has 1 to {MaxNameLength} visible characters.", nameof(name));
        }
        // The page is not part of a view: it opens on the first page.
        var stored = (query with { Page = 1 }).ToQueryString();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var view = await db.SavedViews.SingleOrDefaultAsync(v => v.UserObjectId == user.ObjectId && v.Name == trimmed, cancellationToken);
        if (view is null)
        {
            view = new SavedView { UserObjectId = user.ObjectId, Name = trimmed, CreatedAtUtc = time.GetUtcNow().UtcDateTime };
            db.SavedViews.Add(view);
        }
        view.Query = stored;
        await db.SaveChangesAsync(cancellationToken);
        Changed?.Invoke(user.ObjectId);
        return view;
    }

    public async Task DeleteAsync(AppUser user, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.SavedViews.Where(v => v.Id == id && v.UserObjectId == user.ObjectId).ExecuteDeleteAsync(cancellationToken);
        Changed?.Invoke(user.ObjectId);
    }
}
