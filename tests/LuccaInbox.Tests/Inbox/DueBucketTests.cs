using System.Globalization;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Common;
using Microsoft.Extensions.Time.Testing;

namespace LuccaInbox.Tests.Inbox;

/// <summary>Issue 14: "overdue" and "due this week" count from the person's day, on the app's one clock.</summary>
public sealed class DueBucketTests
{
    private static InboxItem Due(int id, string due) =>
        new() { Id = id, Document = new Document { Id = 7000 + id, DueDate = DateOnly.Parse(due, CultureInfo.InvariantCulture) } };

    private static readonly InboxSnapshot Snapshot = new([Due(1, "2026-11-22"), Due(2, "2026-11-23"), Due(3, "2026-11-24")], null);

    private static ViewerClock Viewer(string utcNow, string zone)
    {
        var clock = new ViewerClock(new FakeTimeProvider(DateTimeOffset.Parse(utcNow, CultureInfo.InvariantCulture)));
        Assert.True(clock.Use(zone));
        return clock;
    }

    private static List<int> Overdue(ViewerClock viewer) =>
        InboxQueries.Run(Snapshot, new InboxQuery { DueBucket = "overdue", Sort = "due", Descending = false }, viewer.Today).Rows.Select(r => r.InboxId).ToList();

    [Fact]
    public void At_23_30_UTC_a_bill_due_that_day_is_overdue_for_someone_in_Auckland_where_it_is_already_the_next_day()
    {
        var viewer = Viewer("2026-11-23T23:30:00Z", "Pacific/Auckland");

        Assert.Equal([1, 2], Overdue(viewer));
        Assert.True(Snapshot.ById[2].IsOverdue(viewer.Today)); // the grid's red mark agrees with the bucket
        Assert.Equal("week", InboxQueries.DueBucketOf(Snapshot.ById[3], viewer.Today));
    }

    [Fact]
    public void At_03_00_UTC_a_bill_due_the_day_before_is_not_overdue_yet_for_someone_in_Los_Angeles()
    {
        var viewer = Viewer("2026-11-24T03:00:00Z", "America/Los_Angeles"); // 19:00 on the 23rd there

        Assert.Equal([1], Overdue(viewer));
        Assert.False(Snapshot.ById[2].IsOverdue(viewer.Today));
    }

    [Fact]
    public void The_buckets_move_when_the_fake_clock_passes_the_persons_midnight()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:59:00Z", CultureInfo.InvariantCulture));
        var viewer = new ViewerClock(time);
        viewer.Use("Pacific/Auckland");
        Assert.Equal([1], Overdue(viewer));

        time.Advance(TimeSpan.FromMinutes(1)); // midnight in Auckland

        Assert.Equal([1, 2], Overdue(viewer));
    }
}
