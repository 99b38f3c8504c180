using AngleSharp.Dom;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Bulk;
using LuccaInbox.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Web.Tests;

/// <summary>The panel that follows a bulk booking job as it books, live, with the app's real job service against a fake Lucca.</summary>
public sealed class BulkBookingProgressTests : WebTestContext
{
    private static readonly AppUser Booker = User(AppRoles.InboxRead, AppRoles.InboxBook);
    private int _closed;

    private BulkBookingService Bulk => Services.GetRequiredService<BulkBookingService>();

    private IRenderedComponent<BulkBookingProgress> Show(int jobId) => Render<BulkBookingProgress>(p => p
        .Add(c => c.JobId, jobId)
        .Add(c => c.User, Booker)
        .Add(c => c.OnClose, () => _closed++));

    private static IElement Panel(IRenderedComponent<BulkBookingProgress> cut) => cut.Find("[data-testid=bulk-progress]");

    private static string Title(IRenderedComponent<BulkBookingProgress> cut) => cut.Find("[data-testid=bulk-progress] .mud-typography-subtitle1").TextContent.Trim();

    private static (string?, string?, string?, string?) Counts(IRenderedComponent<BulkBookingProgress> cut) =>
        (Count(cut, "bulk-booked"), Count(cut, "bulk-failed"), Count(cut, "bulk-skipped"), Count(cut, "bulk-remaining"));

    private static string? Count(IRenderedComponent<BulkBookingProgress> cut, string testId) => cut.Find($"[data-testid={testId}]").GetAttribute("data-count");

    private static IReadOnlyList<IElement> Items(IRenderedComponent<BulkBookingProgress> cut) => cut.FindAll("[data-testid=bulk-item]");

    [Fact]
    public async Task A_finished_job_shows_what_was_booked_and_why_the_rest_was_skipped_and_can_be_closed()
    {
        Lucca.Inbox.AddRange([InboxItems.Invoice(1), InboxItems.Invoice(2), InboxItems.Invoice(3, OcrStatuses.Pending)]);
        var job = await Bulk.StartAsync(Booker, [1, 2, 3]);

        var cut = Show(job.Id);

        cut.WaitForAssertion(() => Assert.Equal("Completed", Panel(cut).GetAttribute("data-status")));
        Assert.Equal("Bulk booking finished: 2 of 3 booked", Title(cut));
        Assert.Equal(("2", "0", "1", "0"), Counts(cut));
        Assert.Equal(["Booked", "Booked", "Skipped"], Items(cut).Select(i => i.GetAttribute("data-status")));
        Assert.Contains("INV-0003", Items(cut)[2].TextContent);
        Assert.Contains("The OCR is still pending", Items(cut)[2].TextContent);
        Assert.Empty(cut.FindAll("[data-testid=bulk-cancel]"));

        await cut.Find("[data-testid=bulk-close]").ClickAsync(new MouseEventArgs());

        Assert.Equal(1, _closed);
        Assert.Equal([1, 2], Lucca.Booked);
    }

    [Fact]
    public async Task A_running_job_shows_its_progress_live_and_cancel_stops_it_after_the_booking_under_way()
    {
        var underWay = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Lucca.BeforeBook = async _ =>
        {
            underWay.TrySetResult();
            await answer.Task; // Lucca takes its time over the first booking
        };
        Lucca.Inbox.AddRange(Enumerable.Range(1, 3).Select(id => InboxItems.Invoice(id)));
        var job = await Bulk.StartAsync(Booker, [1, 2, 3]);
        await underWay.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var cut = Show(job.Id);

        Assert.Equal("Running", Panel(cut).GetAttribute("data-status"));
        Assert.Equal("Booking 3 documents: 0 of 3 done", Title(cut));
        Assert.Equal(("0", "0", "0", "3"), Counts(cut));
        Assert.StartsWith("About ", cut.Find("[data-testid=bulk-eta]").TextContent.Trim());

        await cut.Find("[data-testid=bulk-cancel]").ClickAsync(new MouseEventArgs());

        Assert.Equal("Cancelling…", cut.Find("[data-testid=bulk-cancel]").TextContent.Trim());
        Assert.True(cut.Find("[data-testid=bulk-cancel]").HasAttribute("disabled"));

        answer.SetResult();

        cut.WaitForAssertion(() => Assert.Equal("Cancelled", Panel(cut).GetAttribute("data-status")));
        Assert.Equal($"Bulk booking cancelled by {UserName}: 1 of 3 booked", Title(cut));
        Assert.Equal(("1", "0", "2", "0"), Counts(cut));
        Assert.All(Items(cut).Skip(1), i => Assert.Contains($"Cancelled by {UserName}.", i.TextContent));
        Assert.Equal([1], Lucca.Booked);
    }
}
