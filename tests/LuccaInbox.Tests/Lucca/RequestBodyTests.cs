using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Tests.Support;

namespace LuccaInbox.Tests.Lucca;

public sealed class RequestBodyTests
{
    [Fact]
    public async Task A_put_body_arrives_with_a_content_length_not_chunked()
    {
        // Some servers and proxies refuse chunked request bodies with 411 (API-FACTS addendum 2026-12-02).
        await using var host = await LuccaTestHost.StartAsync();
        var item = (await host.Api.GetAllInboxItemsAsync()).First(i => i.Document?.AmountIncludingTaxes is not null);
        host.Emulator.Requests.Clear();

        await host.PutUnchangedAsync(item);

        var put = Assert.Single(host.Requests, r => r.Method == "PUT");
        Assert.NotNull(put.Body);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(put.Body), put.ContentLength);
    }
}
