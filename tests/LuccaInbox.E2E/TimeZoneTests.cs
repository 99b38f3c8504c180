using System.Globalization;

namespace LuccaInbox.E2E;

/// <summary>Issue 14: times are shown in the browser's time zone, whatever the server's, also on a first visit.</summary>
[Collection(AppCollection.Name)]
public sealed class TimeZoneTests(AppUnderTest app)
{
    private const string Zone = "Pacific/Auckland"; // far from the server's UTC: 11 to 13 hours ahead

    private async Task<IPage> SignedInFromAucklandAsync()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl.ToString(),
            Locale = "en-GB",
            TimezoneId = Zone,
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await Pages.SignInAsync(page, "viewer");
        return page;
    }

    /// <summary>The first booked row's time as shown, and what it should read in Auckland ("g" in en-GB).</summary>
    private static async Task<(string Shown, string Expected)> FirstBookedTimeAsync(IPage page)
    {
        var time = page.Locator("[data-testid=booked-row] time").First;
        await time.WaitForAsync(new() { Timeout = 30_000 });
        var utc = DateTimeOffset.Parse((await time.GetAttributeAsync("datetime"))!, CultureInfo.InvariantCulture);
        var expected = TimeZoneInfo.ConvertTime(utc, TimeZoneInfo.FindSystemTimeZoneById(Zone)).ToString("g", CultureInfo.GetCultureInfo("en-GB"));
        return (await time.InnerTextAsync(), expected);
    }

    [Fact]
    public async Task Booked_times_are_shown_in_the_browsers_time_zone()
    {
        var page = await SignedInFromAucklandAsync();
        Assert.Contains(await page.Context.CookiesAsync(), c => c.Name == "LuccaInbox.TimeZone" && c.Value == "Pacific%2FAuckland");

        await Pages.GotoInteractiveAsync(page, "/booked");

        var (shown, expected) = await FirstBookedTimeAsync(page);
        Assert.Equal(expected, shown);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_the_cookie_the_live_page_asks_the_browser_for_its_zone()
    {
        var page = await SignedInFromAucklandAsync();
        await page.Context.ClearCookiesAsync(new() { Name = "LuccaInbox.TimeZone" }); // as on a first visit after Entra ID

        await Pages.GotoInteractiveAsync(page, "/booked"); // prerendered in UTC; the circuit learns the zone over JS interop

        var time = page.Locator("[data-testid=booked-row] time").First;
        var (_, expected) = await FirstBookedTimeAsync(page);
        await Assertions.Expect(time).ToHaveTextAsync(expected, new() { Timeout = 10_000 });
        await page.Context.CloseAsync();
    }
}
