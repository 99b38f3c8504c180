using System.Text.RegularExpressions;

namespace LuccaInbox.E2E.SeveralInstances;

/// <summary>
/// Two instances of the app on one PostgreSQL and one Lucca (issue 17): one request budget, one booking, live updates,
/// and a bulk job that outlives the instance running it.
/// </summary>
[Collection(TwoInstancesCollection.Name)]
public sealed partial class SeveralInstancesTests(TwoInstances instances, ITestOutputHelper output) : BrowserTest(instances.A, output)
{
    [GeneratedRegex(@"/previews/(?<file>[0-9a-fA-F-]{36})/")]
    private static partial Regex PreviewFile();

    [Fact(Timeout = Limit)]
    public async Task Both_instances_hammering_Lucca_never_spend_more_than_one_budget_and_nobody_gets_a_429()
    {
        var onA = await Pages.SignedInPageAsync(instances.A, "viewer");
        var onB = await Pages.SignedInPageAsync(instances.B, "viewer");
        await Pages.OpenInboxAsync(onA, "?size=100");
        var files = PreviewFile().Matches(await onA.ContentAsync()).Select(m => m.Groups["file"].Value).Distinct().ToList();
        Assert.True(files.Count >= 20, $"the grid shows {files.Count} scans");
        var mark = await instances.LastSequenceAsync();

        // Every scan's first two pages, from both instances at once: each instance's own cache is empty, so each asks Lucca.
        var requests = new[] { onA, onB }.SelectMany(page => files.SelectMany(file => new[] { 1, 2 }.Select(n =>
            page.APIRequest.GetAsync($"/previews/{file}/pages/{n}", new() { Timeout = 180_000 })))).ToList();
        var answers = await Task.WhenAll(requests);

        var lucca = (await instances.LuccaRequestsAsync(mark)).OrderBy(r => r.At).ToList(); // by arrival, as Lucca counts them
        var window = TimeSpan.FromSeconds(TwoInstances.WindowSeconds);
        var busiest = lucca.Select((r, i) => lucca.Skip(i).TakeWhile(later => later.At - r.At < window).Count()).DefaultIfEmpty(0).Max();
        var span = lucca.Count > 1 ? lucca[^1].At - lucca[0].At : TimeSpan.Zero;
        Output.WriteLine($"{lucca.Count} Lucca requests over {span.TotalSeconds:0.0} s ({span / window:0.0} emulated minutes); busiest sliding minute: {busiest} of {TwoInstances.RequestsPerWindow}");
        Assert.True(span >= 2 * window, $"the hammering lasted {span.TotalSeconds:0.0} s: less than two emulated minutes");
        Assert.DoesNotContain(lucca, r => r.Status == 429);
        Assert.True(busiest <= TwoInstances.RequestsPerWindow, $"Lucca saw {busiest} requests in one sliding minute (limit {TwoInstances.RequestsPerWindow})");
        Assert.All(answers, a => Assert.NotEqual(429, a.Status));
        Assert.True(answers.Count(a => a.Ok) >= answers.Length / 2, $"{answers.Count(a => a.Ok)} of {answers.Length} page images were served");
        await onA.Context.CloseAsync();
        await onB.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task Two_people_on_two_instances_confirming_the_same_booking_at_once_send_one_POST()
    {
        var booker = await Pages.SignedInPageAsync(instances.A, "booker");
        var admin = await Pages.SignedInPageAsync(instances.B, "admin");
        await Pages.OpenInboxAsync(booker, "?ocr=NotApplicable&type=Invoice&sort=amount&dir=asc");
        var candidates = booker.Locator("[data-testid=inbox-row]:has([data-testid=bulk-select]):not(:has([data-testid=duplicate-chip]))");
        var inboxId = (await SeededTruth.CleanRowIdsAsync(instances.A, candidates))[0];
        await Pages.GotoInteractiveAsync(booker, $"/documents/{inboxId}");
        await Pages.GotoInteractiveAsync(admin, $"/documents/{inboxId}");
        await booker.GetByTestId("doc-book").ClickAsync();
        await admin.GetByTestId("doc-book").ClickAsync();
        await booker.GetByTestId("confirm-book").WaitForAsync();
        await admin.GetByTestId("confirm-book").WaitForAsync();
        var mark = await instances.LastSequenceAsync();

        await Task.WhenAll(booker.GetByTestId("confirm-book").ClickAsync(), admin.GetByTestId("confirm-book").ClickAsync());

        await Eventually(async () => (await instances.LuccaRequestsAsync(mark)).Any(IsBooking), "a booking reached Lucca");
        await Task.Delay(TimeSpan.FromSeconds(3)); // time for a second POST, were there one
        var posts = (await instances.LuccaRequestsAsync(mark)).Where(IsBooking).ToList();
        await Pages.SaveFailureScreenshotAsync(booker, "two-instances-booking-a");
        await Pages.SaveFailureScreenshotAsync(admin, "two-instances-booking-b");
        Assert.Single(posts);
        await booker.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task A_save_on_one_instance_appears_on_the_page_open_on_the_other_with_who_is_there()
    {
        var admin = await Pages.SignedInPageAsync(instances.A, "admin");
        var editor = await Pages.SignedInPageAsync(instances.B, "editor");
        var (inboxId, _) = await Pages.PickProcessedInvoiceAsync(editor, skip: 30);
        await Pages.GotoInteractiveAsync(editor, $"/documents/{inboxId}");
        await Pages.GotoInteractiveAsync(admin, $"/documents/{inboxId}");

        await Assertions.Expect(editor.Locator("[data-testid=presence-avatar][data-user='Alex Moreau']")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("[data-testid=presence-avatar][data-user='Élodie Bernard']")).ToBeVisibleAsync();
        await admin.GetByTestId("field-accountingLabel").FillAsync("Typed on instance A");
        await admin.GetByTestId("doc-save").ClickAsync();

        // Within a second on an idle machine (LiveAcrossInstancesTests); here three apps, PostgreSQL and a browser share two
        // cores with the other test projects, so the bound is the app's 30-second action limit.
        await Assertions.Expect(editor.GetByTestId("doc-external-change")).ToContainTextAsync("Alex Moreau just saved this document",
            new LocatorAssertionsToContainTextOptions { Timeout = AppUnderTest.ActionTimeoutMs });
        await Assertions.Expect(editor.GetByTestId("field-accountingLabel")).ToHaveValueAsync("Typed on instance A");
        await Pages.SaveScreenshotAsync(editor, "two-instances-colleague-save");
        await admin.Context.CloseAsync();
        await editor.Context.CloseAsync();
    }

    [Fact(Timeout = Limit)]
    public async Task An_instance_killed_during_a_bulk_job_leaves_it_to_another_which_finishes_it_without_posting_twice()
    {
        var doomed = await instances.StartInstanceAsync("instance-c");
        var booker = await Pages.SignedInPageAsync(doomed, "booker");
        await Pages.OpenInboxAsync(booker, "?ocr=NotApplicable&type=Invoice&sort=amount&dir=desc");
        var candidates = booker.Locator("[data-testid=inbox-row]:has([data-testid=bulk-select]):not(:has([data-testid=duplicate-chip]))");
        var ids = (await SeededTruth.CleanRowIdsAsync(doomed, candidates)).Take(6).ToList();
        foreach (var id in ids) await booker.Locator($"[data-testid=inbox-row][data-inbox-id='{id}']").GetByTestId("bulk-select").CheckAsync();
        await booker.GetByTestId("bulk-book").ClickAsync();
        var mark = await instances.LastSequenceAsync();
        await booker.GetByTestId("confirm-bulk-book").ClickAsync();

        await Eventually(async () => (await instances.LuccaRequestsAsync(mark)).Any(IsBooking), "the job's first booking reached Lucca");
        await doomed.KillAsync();
        var postedBeforeTheKill = (await instances.LuccaRequestsAsync(mark)).Count(IsBooking);

        await Eventually(async () => (await instances.LuccaRequestsAsync(mark)).Count(IsBooking) >= ids.Count, $"all {ids.Count} documents booked", TimeSpan.FromSeconds(150));
        var posts = (await instances.LuccaRequestsAsync(mark)).Where(IsBooking).ToList();
        Output.WriteLine($"{postedBeforeTheKill} booked before the kill; {posts.Count} in all: {string.Join(", ", posts.Select(p => p.Path))}");
        Assert.True(postedBeforeTheKill < ids.Count, "the job was over before its instance was killed");
        Assert.Equal(ids.Count, posts.Select(p => p.Path).Distinct().Count());
        Assert.Equal(ids.Count, posts.Count);

        var auditor = await Pages.SignedInPageAsync(instances.B, "auditor");
        var verification = await auditor.APIRequest.GetAsync("/audit/verify");
        Assert.True(verification.Ok, $"the audit chain does not verify: {await verification.TextAsync()}");
        await auditor.Context.CloseAsync();
    }

    private static bool IsBooking(LoggedRequest request) => request.Method == "POST" && request.Path.EndsWith("/book", StringComparison.Ordinal);

    private static async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < until)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"Not seen within {(limit ?? TimeSpan.FromSeconds(60)).TotalSeconds} s: {what}.");
    }
}
