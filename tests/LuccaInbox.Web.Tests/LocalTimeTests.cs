using System.Globalization;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Auth;
using LuccaInbox.Web.Common;
using LuccaInbox.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LuccaInbox.Web.Tests;

/// <summary>Issue 14: an instant is shown in the person's time zone (their browser's), not the server's.</summary>
public sealed class LocalTimeTests() : WebTestContext(new FakeTimeProvider(Instant))
{
    // 23:30 UTC on 23 November is 12:30 on the 24th in Auckland (UTC+13) and 15:30 on the 23rd in Los Angeles (UTC-8).
    private static readonly DateTimeOffset Instant = new(2026, 11, 23, 23, 30, 0, TimeSpan.Zero);

    private ViewerClock Viewer => Services.GetRequiredService<ViewerClock>();

    private static string Shown(int day, int hour, int minute, int offsetHours, string format = "g") =>
        new DateTimeOffset(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(offsetHours)).ToString(format, CultureInfo.CurrentCulture);

    [Theory]
    [InlineData("Pacific/Auckland", 24, 12, 13)]
    [InlineData("America/Los_Angeles", 23, 15, -8)]
    public void An_instant_is_shown_in_the_persons_zone_with_the_UTC_instant_beside_it(string zone, int day, int hour, int offset)
    {
        Viewer.Use(zone);

        var cut = Render<LocalTime>(p => p.Add(t => t.Value, Instant));

        var time = cut.Find("time");
        Assert.Equal(Shown(day, hour, 30, offset), time.TextContent);
        Assert.Equal("2026-11-23T23:30:00Z", time.GetAttribute("datetime"));
        Assert.Contains($"shown in {zone}", time.GetAttribute("title"));
    }

    [Fact]
    public void Without_the_persons_zone_the_time_is_UTC_and_says_so()
    {
        var cut = Render<LocalTime>(p => p.Add(t => t.Value, Instant).Add(t => t.Format, "t"));

        Assert.Equal(Shown(23, 23, 30, 0, "t") + " UTC", cut.Find("time").TextContent);
    }

    [Fact]
    public void A_zone_learned_once_the_page_is_live_updates_the_times_already_shown()
    {
        var cut = Render<LocalTime>(p => p.Add(t => t.Value, Instant));

        Viewer.Use("Pacific/Auckland"); // what MainLayout does when the browser answers

        cut.WaitForAssertion(() => Assert.Equal(Shown(24, 12, 30, 13), cut.Find("time").TextContent));
    }

    [Fact]
    public void Nothing_is_shown_for_no_instant()
    {
        var cut = Render<LocalTime>(p => p.Add(t => t.Value, null));

        Assert.Empty(cut.FindAll("time"));
    }

    [Fact]
    public async Task A_documents_history_shows_when_each_change_was_made_in_the_persons_zone()
    {
        Viewer.Use("Pacific/Auckland");
        var log = Services.GetRequiredService<AuditLog>();
        var user = new AppUser("oid-eve", "Eve Editor", "eve@example.test", new HashSet<string>([AppRoles.InboxEdit]), false);
        var entry = await log.BeginAsync(user, new AuditIntent(AuditActions.Edit, 5001, 70001, "F-1", "Acme", 12m, "EUR"));
        Assert.Equal(Instant.UtcDateTime, entry.AtUtc);

        var cut = Render<DocumentHistory>(p => p.Add(h => h.DocumentId, 70001));

        cut.WaitForAssertion(() => Assert.Contains($"Eve Editor · {Shown(24, 12, 30, 13)}", cut.Find("[data-testid=audit-line]").TextContent));
    }
}
