using System.Globalization;
using System.Net;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.Common;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LuccaInbox.Tests.Audit;

/// <summary>Issue 14: the audit log's From/To filter means the person's days (their time zone), on the page's reader and in
/// the CSV export, which learns the zone from the LuccaInbox.TimeZone cookie.</summary>
public sealed class AuditDayFilterTests
{
    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    private static DateOnly Day(string day) => DateOnly.Parse(day, CultureInfo.InvariantCulture);

    private static AuditIntent Intent(string number) => new(AuditActions.Edit, 5001, 70001, number, "Acme", 10m, "EUR");

    [Theory]
    // Entries at 10:30, 11:30 and 23:30 UTC on 23 November: in Auckland (UTC+13) 23:30 on the 23rd, then 00:30 and 12:30 on the 24th.
    [InlineData("Pacific/Auckland", "2026-11-23", "A")]
    [InlineData("Pacific/Auckland", "2026-11-24", "B,C")]
    [InlineData("UTC", "2026-11-23", "A,B,C")]
    [InlineData("UTC", "2026-11-24", "")]
    // In Los Angeles (UTC-8) all three are on the 23rd: 02:30, 03:30, 15:30.
    [InlineData("America/Los_Angeles", "2026-11-23", "A,B,C")]
    public async Task A_day_filter_picks_the_entries_made_on_that_day_for_the_person(string zone, string day, string expected)
    {
        var time = new FakeTimeProvider(Utc("2026-11-23T10:30:00Z"));
        await using var host = await WebServicesHost.AuditOnlyAsync(time: time);
        await host.AuditLog.BeginAsync(TestUsers.Editor, Intent("A"));
        time.SetUtcNow(Utc("2026-11-23T11:30:00Z"));
        await host.AuditLog.BeginAsync(TestUsers.Editor, Intent("B"));
        time.SetUtcNow(Utc("2026-11-23T23:30:00Z"));
        await host.AuditLog.BeginAsync(TestUsers.Editor, Intent("C"));
        Assert.True(ViewerClock.TryFindZone(zone, out var tz));

        var found = await host.AuditReader.SearchAsync(new AuditFilter(From: Day(day), To: Day(day), NewestFirst: false), tz);

        Assert.Equal(expected, string.Join(',', found.Select(e => e.DocumentNumber)));
    }
}

/// <summary>The CSV export over HTTP, as a browser with the time zone cookie asks for it; the app's clock at 23:30 UTC.</summary>
public sealed class AuditExportTimeZoneTests(AuditExportTimeZoneTests.App app) : IClassFixture<AuditExportTimeZoneTests.App>
{
    private const string Number = "TZ-2311";

    public sealed class App : IAsyncLifetime
    {
        private readonly WebAppFactory _root = new();
        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 23, 30, 0, TimeSpan.Zero));
        public WebApplicationFactory<Program> Factory { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            Factory = _root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Time)));
            await Factory.Services.GetRequiredService<AuditLog>()
                .BeginAsync(TestUsers.Editor, new AuditIntent(AuditActions.Edit, 5001, 70001, Number, "Acme", 10m, "EUR"));
        }

        public async Task DisposeAsync() => await _root.DisposeAsync(); // disposes the factory derived from it too
    }

    private async Task<(bool HasEntry, string FileName)> ExportAsync(string day, string? cookie)
    {
        using var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/audit/export.csv?number={Number}&from={day}&to={day}");
        request.Headers.Add(WebAppFactory.TestUserHeader, "auditor");
        if (cookie is not null) request.Headers.Add("Cookie", $"{ViewerClock.CookieName}={cookie}");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csv = await response.Content.ReadAsStringAsync();
        return (csv.Contains(Number, StringComparison.Ordinal), response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
    }

    [Theory]
    [InlineData("Pacific/Auckland")]
    [InlineData("Pacific%2FAuckland")] // as app.js writes it (encodeURIComponent)
    public async Task The_export_reads_its_days_and_names_its_file_in_the_zone_of_the_persons_cookie(string cookie)
    {
        var (onTheirDay, fileName) = await ExportAsync("2026-11-24", cookie); // 12:30 on the 24th in Auckland
        var (onTheUtcDay, _) = await ExportAsync("2026-11-23", cookie);

        Assert.True(onTheirDay);
        Assert.False(onTheUtcDay);
        Assert.Equal("luccainbox-audit-20261124-123000.csv", fileName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("Europe%2FParis%00")]
    [InlineData("%3Cscript%3E")]
    public async Task Without_a_valid_zone_in_the_cookie_the_export_falls_back_to_UTC_days(string? cookie)
    {
        var (onTheUtcDay, fileName) = await ExportAsync("2026-11-23", cookie);
        var (onTheNextDay, _) = await ExportAsync("2026-11-24", cookie);

        Assert.True(onTheUtcDay);
        Assert.False(onTheNextDay);
        Assert.Equal("luccainbox-audit-20261123-233000.csv", fileName);
    }
}
