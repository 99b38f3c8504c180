using System.Collections.Concurrent;
using System.Net.Http.Json;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Documents;
using Xunit.Abstractions;

namespace LuccaInbox.Tests.Soak;

/// <summary>
/// Several people saving and booking at once against a Lucca that fails 5 % of requests (503), times out some
/// (408 after a wait) and loses some booking answers. Bounded by work done, not by time: each person takes
/// <see cref="ActionsPerUser"/> actions (SOAK_ACTIONS_PER_USER for a longer run: the same code), so a slow machine
/// runs the same test longer instead of a weaker one. At the end: Lucca's state is exactly what the audit log says
/// succeeded, nothing was booked twice, and the last successful edit of every document is what Lucca has.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    private static readonly int ActionsPerUser =
        int.TryParse(Environment.GetEnvironmentVariable("SOAK_ACTIONS_PER_USER"), out var actions) && actions > 0 ? actions : 50;

    [Fact]
    public async Task Under_injected_faults_lucca_ends_as_the_audit_log_says_with_no_double_booking_and_no_lost_edit()
    {
        // The tenant budget is raised here: this test is about faults, and at 50 requests a minute 200 actions take ten minutes.
        await using var host = await WebServicesHost.StartAsync(
            new Dictionary<string, string?> { ["Lucca:RequestsPerMinute"] = "1200", ["Booking:SettleAfterSeconds"] = "0" }, documents: 150);
        var users = Enumerable.Range(1, 4).Select(i => new AppUser($"soak-{i}", $"Soak user {i}", null, AppRoles.All.ToHashSet(), false)).ToArray();
        await host.InboxItemsAsync();
        await host.Emulator.Admin.PutAsJsonAsync("/emulator/faults", new { failureRate = 0.05, timeoutRate = 0.02, timeoutSeconds = 0.3 });
        await host.Emulator.ScriptAsync(new ScriptedFault { DropAfterProcessing = true, PathContains = "/book", Times = 3 });
        var outcomes = new ConcurrentBag<string>();

        await Task.WhenAll(users.Select((user, u) => Task.Run(async () =>
        {
            var random = new Random(u);
            for (var action = 0; action < ActionsPerUser; action++)
            {
                var items = host.Inbox.Current.Items.Where(i => i.Document is { OcrStatus: "Processed" or "NotApplicable", DocumentNumber: not null, DocumentDate: not null }).ToList();
                if (items.Count == 0) break;
                var item = items[random.Next(items.Count)];
                try
                {
                    if (random.NextDouble() < 0.7)
                    {
                        var result = await host.Saving.SaveAsync(user, item, item.Document! with { Comment = $"{user.Name} {Guid.NewGuid():N}" });
                        outcomes.Add("save:" + result.Status);
                    }
                    else
                    {
                        var result = await host.Booking.BookAsync(user, item);
                        outcomes.Add("book:" + result.Status);
                    }
                }
                catch (AuditUnavailableException)
                {
                    outcomes.Add("audit-unavailable");
                }
            }
        })));

        await host.Emulator.Admin.PutAsJsonAsync("/emulator/faults", new { failureRate = 0.0, timeoutRate = 0.0 });
        // An attempt whose outcome could not be checked stays Pending until the app checks again (as at start-up): run it.
        outcomes.Add("pending-before-recheck:" + (await host.AuditReader.PendingAsync()).Count);
        await Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<PendingAttemptReconciler>(host.Services)
            .RecheckAsync(atStartUp: true, CancellationToken.None);
        var entries = await host.AuditReader.SearchAsync(new AuditFilter(NewestFirst: false), int.MaxValue);
        var emulatorInbox = await host.Emulator.Api.GetAllInboxItemsAsync();
        var emulatorBooked = (await host.Emulator.Api.GetAllBookedDocumentsAsync()).ToDictionary(d => d.Id);
        foreach (var group in outcomes.GroupBy(o => o).OrderBy(g => g.Key)) output.WriteLine($"{group.Key}: {group.Count()}");
        output.WriteLine($"audit entries: {entries.Count}, Lucca requests: {host.Emulator.Requests.Count}, faults answered: {host.Emulator.Requests.Count(r => r.Status >= 500 || r.Status == 408)}");

        // Every booking the audit log calls succeeded is booked in Lucca, and every document this run booked is in the audit log.
        var bookedByAudit = entries.Where(e => e.Action == AuditActions.Book && e.Outcome == AuditOutcomes.Succeeded).Select(e => e.DocumentId!.Value).ToList();
        Assert.Equal(bookedByAudit.Count, bookedByAudit.Distinct().Count()); // no document booked twice
        Assert.All(bookedByAudit, id => Assert.True(emulatorBooked.ContainsKey(id), $"audit says {id} is booked, Lucca does not"));
        var bookedThisRun = emulatorBooked.Values.Where(d => d.Id < 90_000).Select(d => d.Id).ToHashSet(); // seeded booked documents have ids from 90001
        Assert.Equal(bookedThisRun.Order(), bookedByAudit.Order());
        Assert.All(host.Emulator.Requests.Where(r => r.Method == "POST" && r.Status == 200).GroupBy(r => r.Path), g => Assert.Single(g));
        Assert.DoesNotContain(entries, e => e.Outcome == AuditOutcomes.Pending);

        // No lost edit: the last successful save of each document is what Lucca has, in the inbox or booked.
        var lastSaved = entries.Where(e => e.Action == AuditActions.Edit && e.Outcome == AuditOutcomes.Succeeded)
            .GroupBy(e => e.DocumentId!.Value).ToDictionary(g => g.Key, g => g.Last());
        var comments = emulatorInbox.ToDictionary(i => i.Document!.Id, i => i.Document!.Comment);
        foreach (var (documentId, edit) in lastSaved)
        {
            var expected = DocumentDiff.FromJson(edit.DiffJson).Single(c => c.Path == "comment").After;
            var actual = comments.TryGetValue(documentId, out var inInbox) ? inInbox : emulatorBooked[documentId].Comment;
            Assert.Equal(expected, actual);
        }
        Assert.True(lastSaved.Count > 10 && bookedByAudit.Count > 3, $"too little happened: {lastSaved.Count} edited, {bookedByAudit.Count} booked");
        Assert.True((await host.Verifier.VerifyAsync()).IsIntact);
    }
}
