using System.Net;
using System.Net.Sockets;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Lucca.Models;
using LuccaInbox.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Tests.Lucca;

internal static class ResilienceSupport
{
    public static Dictionary<string, string?> Settings(params (string Key, object Value)[] settings) =>
        settings.ToDictionary(s => "Lucca:" + s.Key, s => (string?)Convert.ToString(s.Value, System.Globalization.CultureInfo.InvariantCulture));

    public static SlidingWindowLogRateLimiter Limiter(this LuccaTestHost host) =>
        host.Services.GetRequiredService<LuccaRequestBudget>().For(host.Emulator.BaseUrl.Authority);

    public static async Task<InboxItem> EditableItemAsync(this LuccaTestHost host)
    {
        var page = await host.Api.GetInboxAsync(null, 100, 1, null);
        var item = page.Items!.First(i => i.Document?.AmountIncludingTaxes is not null);
        host.Emulator.Requests.Clear();
        return item;
    }

    public static async Task<InboxItem> PutAsync(this LuccaTestHost host, InboxItem item) => (await host.PutUnchangedAsync(item)).Saved!;

    public static List<LuccaInbox.Emulator.Infrastructure.LoggedRequest> Puts(this LuccaTestHost host) =>
        host.Requests.Where(r => r.Method == "PUT").ToList();

    /// <summary>A dropped connection or an aborted request is logged by the emulator once it notices; wait for it.</summary>
    public static async Task WaitForRequestsAsync(this LuccaTestHost host, Func<LuccaInbox.Emulator.Infrastructure.LoggedRequest, bool> which, int count)
    {
        await Eventually.TrueAsync(() => host.Requests.Count(which) >= count, $"the emulator to log {count} such request(s)");
    }

    /// <summary>A loopback address on which nothing listens: connecting is refused before a byte is sent.</summary>
    public static string RefusingBaseUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/";
    }

    public static Task RawGetAsync(this LuccaTestHost host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/cleemy-procurement/services/inbox?limit=1");
        request.Headers.TryAddWithoutValidation("Authorization", $"lucca application={host.Emulator.ApiKey}");
        return host.Admin.SendAsync(request).ContinueWith(t => { request.Dispose(); t.Result.Dispose(); }, TaskScheduler.Default);
    }
}
