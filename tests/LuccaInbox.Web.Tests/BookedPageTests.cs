using System.Globalization;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Web.Booked;
using LuccaInbox.Web.Common;
using LuccaInbox.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Web.Tests;

/// <summary>Issue 14: the booked page shows when each document was booked, and filters "created since", in the person's zone.</summary>
public sealed class BookedPageTests : WebTestContext
{
    public BookedPageTests() => Services.GetRequiredService<ViewerClock>().Use("Pacific/Auckland");

    [Fact]
    public void When_a_document_was_booked_is_shown_in_the_persons_zone()
    {
        // 23:30 UTC on 23 November: 12:30 on the 24th for someone in Auckland (UTC+13).
        Lucca.BookedDocuments.Add(new BookedDocument { Id = 801, DocumentNumber = "F-801", CreatedAt = new DateTimeOffset(2026, 11, 23, 23, 30, 0, TimeSpan.Zero) });

        var cut = RenderWithPopovers<BookedPage>();

        var expected = new DateTimeOffset(2026, 11, 24, 12, 30, 0, TimeSpan.FromHours(13)).ToString("g", CultureInfo.CurrentCulture);
        cut.WaitForAssertion(() => Assert.Equal(expected, cut.Find("[data-testid=booked-row] time").TextContent));
    }

    [Fact]
    public void Created_since_a_day_asks_Lucca_from_the_persons_midnight()
    {
        var cut = RenderWithPopovers<BookedPage>();
        cut.WaitForAssertion(() => Assert.Single(Lucca.BookedFilters));

        cut.Find("input[data-testid=filter-created-since]").Change("2026-11-24");

        // Midnight on 24 November in Auckland is 11:00 UTC on the 23rd.
        cut.WaitForAssertion(() => Assert.Equal("2026-11-23T11:00:00Z", Lucca.BookedFilters[^1].GetValueOrDefault("createdAt.from")));
    }
}
