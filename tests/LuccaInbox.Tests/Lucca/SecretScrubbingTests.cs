using System.Text;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Audit;
using LuccaInbox.Web.LuccaAccess;

namespace LuccaInbox.Tests.Lucca;

/// <summary>Issue 13 item 7: Lucca (or a proxy) echoing the API key in any encoding never gets it shown or stored.</summary>
public sealed class SecretScrubbingTests
{
    private const string Key = "Key+With/Special=Chars-42";

    private static readonly Dictionary<string, string?> WithKey = new() { ["Emulator:ApiKey"] = Key };

    private static string JsonEscaped(string text) => string.Concat(text.Select(c => char.IsLetterOrDigit(c) ? c.ToString() : $"\\u{(int)c:X4}"));

    private static string HeaderBase64 => Convert.ToBase64String(Encoding.UTF8.GetBytes("lucca application=" + Key));

    /// <summary>Lucca's answer quoting the key as JSON escapes (decoded to the plain key by any JSON reader), URL-encoded and as the header's base64.</summary>
    private static string ProblemEchoingTheKey() =>
        "{\"title\":\"Invalid key " + JsonEscaped(Key) + "\",\"detail\":\"Header was " + HeaderBase64 + "\","
        + "\"errors\":{\"authorization\":[\"lucca application=" + JsonEscaped(Key) + "\",\"" + Uri.EscapeDataString(Key) + "\"]}}";

    private static void AssertNoKey(string? text)
    {
        if (text is null) return;
        foreach (var form in new[] { Key, JsonEscaped(Key), Uri.EscapeDataString(Key), HeaderBase64, Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)) })
        {
            Assert.DoesNotContain(form, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_problem_echoing_the_key_json_escaped_url_encoded_or_base64_never_shows_it()
    {
        await using var host = await LuccaTestHost.StartAsync(emulatorSettings: WithKey);
        await host.ScriptAsync(new ScriptedFault { Status = 400, Body = ProblemEchoingTheKey(), ContentType = "application/problem+json", PathContains = "/services/inbox" });

        var error = await Assert.ThrowsAsync<LuccaApiException>(() => host.Api.GetInboxAsync(null, 1, 1, null));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.StartsWith("Invalid key", error.Title);
        AssertNoKey(error.ToString());
        AssertNoKey(error.Title);
        AssertNoKey(error.Detail);
        AssertNoKey(error.RawBody);
        AssertNoKey(string.Join(" ", error.Errors.SelectMany(e => e.Value)));
        AssertNoKey(LuccaErrors.Describe(error));
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/json")]
    public async Task A_raw_body_echoing_the_key_in_any_form_never_shows_it(string contentType)
    {
        await using var host = await LuccaTestHost.StartAsync(emulatorSettings: WithKey, clientSettings: new Dictionary<string, string?> { ["Lucca:MaxRetries"] = "0" });
        var body = contentType == "text/html"
            ? $"<html>Rejected {Uri.EscapeDataString(Key)} / {HeaderBase64} / {Key}</html>"
            : "{\"message\":\"Rejected " + JsonEscaped(Key) + "\"}";
        await host.ScriptAsync(new ScriptedFault { Status = 502, Body = body, ContentType = contentType });

        var error = await Assert.ThrowsAsync<LuccaApiException>(() => host.Api.GetInboxAsync(null, 1, 1, null));

        Assert.Contains("Rejected", error.RawBody);
        AssertNoKey(error.ToString());
        AssertNoKey(error.RawBody);
        AssertNoKey(LuccaErrors.Describe(error));
    }

    [Fact]
    public async Task A_refused_save_whose_answer_echoes_the_key_keeps_it_out_of_the_message_and_the_audit_log()
    {
        await using var host = await WebServicesHost.StartAsync(emulatorSettings: WithKey);
        var item = (await host.BookableItemsAsync())[0];
        await host.Emulator.ScriptAsync(new ScriptedFault
        {
            Status = 400, Method = "PUT", PathContains = "/inbox-documents", Body = ProblemEchoingTheKey(), ContentType = "application/problem+json",
        });

        var result = await host.Saving.SaveAsync(TestUsers.Editor, item, item.Document! with { Comment = "echo" });

        Assert.Contains("Header was ***", result.Message, StringComparison.Ordinal);
        AssertNoKey(result.Message);
        var entries = await host.AuditReader.SearchAsync(new AuditFilter(NewestFirst: false));
        Assert.Contains(entries, e => e.Error?.Contains("Header was ***", StringComparison.Ordinal) == true);
        foreach (var entry in entries) AssertNoKey(entry.Error);
    }
}
