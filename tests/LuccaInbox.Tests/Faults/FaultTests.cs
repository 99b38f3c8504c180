using System.Net;
using System.Net.Http.Json;
using LuccaInbox.Lucca;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Tests.Faults;

public sealed class FaultTests
{
    private static readonly AppUser Admin = TestUsers.With("fault-admin", "Fran Admin", AppRoles.All.ToArray());

    [Fact]
    public async Task When_the_audit_database_cannot_be_written_lucca_is_not_called_and_the_user_is_told()
    {
        await using var host = await WebServicesHost.StartAsync();
        var item = (await host.BookableItemsAsync())[0];
        await host.Database.ExecuteAsync("DROP TABLE AuditEntries"); // as unusable as a locked or full database
        host.Emulator.Emulator.Requests.Clear();

        var booking = await Assert.ThrowsAsync<AuditUnavailableException>(() => host.Booking.BookAsync(Admin, item));
        var saving = await Assert.ThrowsAsync<AuditUnavailableException>(() =>
            host.Saving.SaveAsync(Admin, item, item.Document! with { Comment = "not without an audit entry" }));

        Assert.Contains("nothing was sent to Lucca", booking.Message);
        Assert.Contains("nothing was sent to Lucca", saving.Message);
        Assert.DoesNotContain(host.Emulator.Requests, r => r.Method is "POST" or "PUT");
    }

    [Fact]
    public async Task When_lucca_is_down_the_grid_keeps_its_last_copy_and_says_why()
    {
        await using var host = await WebServicesHost.StartAsync(new Dictionary<string, string?> { ["Lucca:MaxRetries"] = "1" });
        var before = await host.Inbox.GetAsync();
        await host.Emulator.Admin.PutAsJsonAsync("/emulator/faults", new { failureRate = 1.0 });

        var after = await host.Inbox.GetAsync(forceRefresh: true);

        Assert.Same(before, after);
        Assert.Equal(40, after.Items.Count);
        Assert.Contains("unavailable right now (503)", host.Inbox.LastSyncError);
    }

    [Fact]
    public async Task Connection_refused_is_a_clear_error_and_a_failed_audit_entry_not_a_crash()
    {
        await using var host = await WebServicesHost.StartAsync();
        var item = (await host.BookableItemsAsync())[0];
        await host.Emulator.Emulator.DisposeAsync(); // Lucca gone: the port refuses connections

        var result = await host.Saving.SaveAsync(Admin, item, item.Document! with { Comment = "Lucca is down" });

        Assert.Equal(LuccaInbox.Web.Documents.SaveStatus.Failed, result.Status);
        Assert.Contains("could not be reached", result.Message);
    }
}
