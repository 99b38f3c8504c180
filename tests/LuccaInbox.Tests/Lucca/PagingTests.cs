using System.Net;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Tests.Support;

namespace LuccaInbox.Tests.Lucca;

public sealed class PagingTests
{
    [Fact]
    public async Task Paging_never_loops_when_lucca_keeps_answering_the_same_page()
    {
        var calls = 0;
        Task<LuccaCollection<int>> Fetch(int limit, int? page, string? root, CancellationToken ct)
        {
            calls++;
            return Task.FromResult(root == "count"
                ? new LuccaCollection<int> { Items = [], Count = 1_000_000 }
                : new LuccaCollection<int> { Items = [1, 2, 3] }); // a server that ignores "page"
        }

        var items = await LuccaPaging.FetchAllAsync<int>(Fetch, i => i, 3, CancellationToken.None);

        Assert.Equal([1, 2, 3], items);
        Assert.Equal(3, calls); // the count, the first page, the page that added nothing
    }

    [Fact]
    public async Task A_408_on_a_large_page_halves_the_page_size_for_the_rest_of_the_read_and_is_not_resent()
    {
        await using var host = await LuccaTestHost.StartAsync(documents: 450, emulatorSettings: new Dictionary<string, string?> { ["Emulator:Profile"] = "small-pages" });

        var items = await host.Api.GetAllInboxItemsAsync();

        Assert.Equal(450, items.Count);
        var limits = host.Requests.Where(r => r.Path.EndsWith("/inbox", StringComparison.Ordinal))
            .Select(r => System.Web.HttpUtility.ParseQueryString(r.Query)["limit"]).ToList();
        // count, 1000 → 408, 500 → 408, 250 → 408, then pages of 125 until all 450 are read
        Assert.Equal(["0", "1000", "500", "250", "125", "125", "125", "125"], limits);
        Assert.Equal(3, host.Requests.Count(r => r.Status == (int)HttpStatusCode.RequestTimeout));
    }
}
