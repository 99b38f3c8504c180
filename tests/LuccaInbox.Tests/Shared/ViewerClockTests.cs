using System.Globalization;
using LuccaInbox.Web.Common;
using Microsoft.Extensions.Time.Testing;

namespace LuccaInbox.Tests.Shared;

/// <summary>Issue 14: "today" and shown times are the person's (their browser's zone) over the app's one clock.</summary>
public sealed class ViewerClockTests
{
    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static ViewerClock ClockAt(string utc, string? zone)
    {
        var clock = new ViewerClock(new FakeTimeProvider(Utc(utc)));
        if (zone is not null) Assert.True(clock.Use(zone), zone);
        return clock;
    }

    [Theory]
    [InlineData("2026-11-23T23:30:00Z", "Pacific/Auckland", "2026-11-24")] // already tomorrow in New Zealand
    [InlineData("2026-11-24T03:00:00Z", "America/Los_Angeles", "2026-11-23")] // still yesterday in California
    [InlineData("2026-11-23T23:30:00Z", "Europe/Paris", "2026-11-24")]
    [InlineData("2026-11-23T23:30:00Z", null, "2026-11-23")] // unknown: UTC
    public void Today_is_the_persons_date_from_the_injected_clock(string now, string? zone, string today)
    {
        Assert.Equal(DateOnly.Parse(today, CultureInfo.InvariantCulture), ClockAt(now, zone).Today);
    }

    [Fact]
    public void Today_moves_with_the_fake_clock()
    {
        var time = new FakeTimeProvider(Utc("2026-11-23T10:00:00Z"));
        var clock = new ViewerClock(time);
        clock.Use("Pacific/Auckland");
        Assert.Equal(new DateOnly(2026, 11, 23), clock.Today);

        time.Advance(TimeSpan.FromHours(1)); // 11:00Z is midnight in Auckland (UTC+13 in November)

        Assert.Equal(new DateOnly(2026, 11, 24), clock.Today);
    }

    [Fact]
    public void Times_are_shown_in_the_persons_zone_and_say_UTC_while_it_is_unknown()
    {
        var at = Utc("2026-11-23T23:30:00Z");
        var clock = new ViewerClock(TimeProvider.System);
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-GB");
        try
        {
            Assert.Equal("23/11/2026 23:30 UTC", clock.Format(at));
            clock.Use("Pacific/Auckland");
            Assert.Equal("24/11/2026 12:30", clock.Format(at));
            Assert.Equal(TimeSpan.FromHours(13), clock.ToLocal(at).Offset);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../../etc/passwd")]
    [InlineData("/etc/localtime")]
    [InlineData("Europe/../Europe/Paris")]
    [InlineData("Pacific Standard Time")]
    [InlineData("Europe/Paris\n")]
    [InlineData("")]
    [InlineData(null)]
    public void A_bogus_zone_id_is_refused_and_the_clock_stays_on_UTC(string? zone)
    {
        var clock = new ViewerClock(TimeProvider.System);

        Assert.False(clock.Use(zone));

        Assert.False(clock.IsKnown);
        Assert.Null(clock.ZoneId);
        Assert.Equal(TimeZoneInfo.Utc, clock.Zone);
    }

    [Fact]
    public void A_bogus_zone_id_after_a_valid_one_keeps_the_valid_one()
    {
        var clock = new ViewerClock(TimeProvider.System);
        clock.Use("Europe/Paris");
        var changes = 0;
        clock.Changed += () => changes++;

        Assert.False(clock.Use("Nowhere/Special"));
        Assert.True(clock.Use("Europe/Paris"));

        Assert.Equal("Europe/Paris", clock.ZoneId);
        Assert.Equal(0, changes);
        Assert.True(clock.Use("Asia/Tokyo"));
        Assert.Equal(1, changes);
    }

    [Theory]
    [InlineData("2026-11-24", "Pacific/Auckland", "2026-11-23T11:00:00Z")]
    [InlineData("2026-11-23", "America/Los_Angeles", "2026-11-23T08:00:00Z")]
    [InlineData("2026-11-23", "UTC", "2026-11-23T00:00:00Z")]
    [InlineData("2024-09-08", "America/Santiago", "2024-09-08T04:00:00Z")] // clocks jump from 00:00 to 01:00: the day starts at the jump
    [InlineData("2024-11-03", "America/Havana", "2024-11-03T04:00:00Z")] // 00:00 happens twice: the day starts at the first
    [InlineData("0001-01-01", "Pacific/Auckland", "0001-01-01T00:00:00Z")] // before the calendar's first instant: clamped
    [InlineData("9999-12-31", "America/Los_Angeles", "9999-12-31T08:00:00Z")]
    public void A_persons_day_starts_at_their_midnight(string day, string zone, string startUtc)
    {
        Assert.True(ViewerClock.TryFindZone(zone, out var tz));

        var start = ViewerClock.StartOfDayUtc(DateOnly.Parse(day, CultureInfo.InvariantCulture), tz);

        Assert.Equal(DateTimeKind.Utc, start.Kind);
        Assert.Equal(Utc(startUtc).UtcDateTime, start);
    }
}
