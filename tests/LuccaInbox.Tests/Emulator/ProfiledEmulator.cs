using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LuccaInbox.Emulator;

namespace LuccaInbox.Tests.Emulator;

/// <summary>An emulator started under a profile, spoken to over raw HTTP exactly as a Lucca client would (no typed client).</summary>
internal sealed class ProfiledEmulator : IAsyncDisposable
{
    public const string InboxPath = "/cleemy-procurement/services/inbox";
    public const string InboxDocumentsPath = "/cleemy-procurement/services/inbox-documents/";
    public const string DocumentsPath = "/cleemy-procurement/api/documents/";
    public const string BookedPath = "/cleemy-procurement/api/booked-documents";

    private ProfiledEmulator(RunningEmulator emulator)
    {
        Emulator = emulator;
        Http = new HttpClient { BaseAddress = emulator.BaseUrl };
        Http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"lucca application={emulator.ApiKey}");
        Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public RunningEmulator Emulator { get; }
    public HttpClient Http { get; }

    public static async Task<ProfiledEmulator> StartAsync(string profile, int documents = 30, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Emulator:Profile"] = profile,
            ["Emulator:Documents"] = documents.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new ProfiledEmulator(await LuccaEmulator.StartAsync(all));
    }

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<List<JsonObject>> InboxItemsAsync() =>
        (await GetJsonAsync(InboxPath + "?limit=200"))["items"]!.AsArray().Select(i => i!.AsObject()).ToList();

    /// <summary>An invoice the emulator will book as it is: OCR done, number, date, owner and total present.</summary>
    public async Task<JsonObject> BookableInvoiceAsync() => (await InboxItemsAsync()).First(i =>
        i["document"] is JsonObject d && d["id"] is JsonValue && Text(d, "type") == "Invoice" && Text(d, "ocrStatus") is not ("Pending" or "Processing")
        && !string.IsNullOrEmpty(Text(d, "documentNumber")) && d["documentDate"] is not null && d["owner"] is JsonObject
        && (d["amountIncludingTaxes"] as JsonObject)?["includingTaxes"]?["value"] is not null);

    public Task<HttpResponseMessage> PutAsync(int id, JsonNode body, string? ifMatch = null, bool chunked = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, InboxDocumentsPath + id)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (chunked) request.Headers.TransferEncodingChunked = true;
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> BookAsync(int id, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{InboxDocumentsPath}{id}/book") { Content = new ByteArrayContent([]) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return Http.SendAsync(request);
    }

    /// <summary>The PUT body a careful client builds from a document it read: every writable field it holds, no nulls,
    /// dates as yyyy-MM-dd, no action.</summary>
    public static JsonObject PutBody(JsonObject document)
    {
        var sent = new JsonObject();
        if ((document["owner"] as JsonObject)?["id"] is { } ownerId) sent["ownerId"] = ownerId.DeepClone();
        foreach (var name in new[] { "type", "documentNumber", "amountIncludingTaxes", "accountingLabel", "comment", "intraCommunityTaxes", "paymentDetails" })
        {
            if (document[name] is { } value) sent[name] = value.DeepClone();
        }
        foreach (var name in new[] { "documentDate", "dueDate" })
        {
            if (Text(document, name) is { Length: >= 10 } date) sent[name] = date[..10];
        }
        if ((document["context"] as JsonObject)?["purchase"] is JsonObject purchase)
        {
            sent["context"] = new JsonObject { ["purchase"] = new JsonObject { ["id"] = purchase["id"]?.DeepClone(), ["type"] = purchase["type"]?.DeepClone() } };
        }
        return new JsonObject { ["document"] = sent };
    }

    public static string? Text(JsonNode? node, string property) =>
        node is JsonObject o && o[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static int Id(JsonNode? node) => node!["id"]!.GetValue<int>();

    /// <summary>Paths of every null-valued property in <paramref name="node"/>.</summary>
    public static List<string> NullPaths(JsonNode? node, string path = "$")
    {
        var found = new List<string>();
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    if (value is null) found.Add($"{path}.{name}");
                    else found.AddRange(NullPaths(value, $"{path}.{name}"));
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) found.AddRange(NullPaths(a[i], $"{path}[{i}]"));
                break;
        }
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}

internal static class HttpContentJson
{
    public static async Task<JsonNode> ReadFromJsonNodeAsync(this HttpContent content) => JsonNode.Parse(await content.ReadAsStringAsync())!;
}
