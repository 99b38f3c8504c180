using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using LuccaInbox.Emulator;
using LuccaInbox.Web;
using LuccaInbox.Web.GoLive;
using Microsoft.Extensions.Configuration;

namespace LuccaInbox.Tests.GoLive;

/// <summary>check-lucca run in-process against emulators that play the open API questions differently (Emulator:Profile).</summary>
public sealed class LuccaCheckTests
{
    [Fact]
    public async Task Default_profile_is_usable_and_the_write_test_learns_inbox_item_ids_and_honoured_if_match()
    {
        await using var run = await CheckRun.StartAsync("default");
        var inboxId = await run.FirstInboxIdAsync();
        var (documentId, before) = await run.DocumentOfAsync(inboxId);

        await run.CheckAsync(writeTest: inboxId);

        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Report["usable"]!.GetValue<bool>());
        Assert.Equal("InboxItem", run.Setting("InboxDocumentsId"));
        Assert.True(run.Report["settings"]!["IfMatchHonoured"]!.GetValue<bool>());
        Assert.Equal(1000, run.Report["settings"]!["PageSize"]!.GetValue<int>());
        Assert.Equal(60, run.Report["settings"]!["InboxCount"]!.GetValue<int>());
        foreach (var name in new[] { "authentication", "count", "paging", "filters", "document", "etags", "page-image", "original", "invoice-check", "suppliers", "booked", "rate-limit", "readable", "write-id", "if-match", "write-no-change" })
        {
            Assert.Equal("pass", run.Outcome(name));
        }
        Assert.Contains(run.Lines, l => l.StartsWith("pass  page-image", StringComparison.Ordinal) && l.Contains("PNG", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("pass  suppliers", StringComparison.Ordinal) && l.Contains("names supplier", StringComparison.Ordinal));

        // Nothing changed but modifiedAt/modifier, and nothing was booked.
        var (_, after) = await run.DocumentOfAsync(inboxId);
        Assert.True(JsonNode.DeepEquals(WithoutVersion(before), WithoutVersion(after)), $"{before}\n{after}");
        Assert.DoesNotContain(run.Emulator.Requests.Entries, r => r.Method == "POST");
        Assert.Contains(run.Emulator.Requests.Entries, r => r.Method == "PUT" && r.IfMatch == LuccaWriteTest.BogusETag && r.Status == 412);
        Assert.Equal(documentId, after["id"]!.GetValue<int>());

        var learned = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(run.DataFolder, CheckLuccaCommand.LearnedSettingsFile)))!;
        Assert.Equal("InboxItem", learned["Lucca"]!["InboxDocumentsId"]!.GetValue<string>());
        Assert.True(learned["Lucca"]!["IfMatchHonoured"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Without_write_test_nothing_is_written_and_no_settings_file_appears()
    {
        await using var run = await CheckRun.StartAsync("default");
        await run.CheckAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(run.Emulator.Requests.Entries, r => r.Method != "GET");
        Assert.Null(run.Report["settings"]!["InboxDocumentsId"]);
        Assert.False(File.Exists(Path.Combine(run.DataFolder, CheckLuccaCommand.LearnedSettingsFile)));
    }

    [Fact]
    public async Task Document_id_profile_learns_document_ids()
    {
        await using var run = await CheckRun.StartAsync("document-id");
        var inboxId = await run.FirstInboxIdAsync();
        await run.CheckAsync(writeTest: inboxId);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Document", run.Setting("InboxDocumentsId"));
        Assert.DoesNotContain(run.Emulator.Requests.Entries, r => r.Method == "POST");
    }

    [Fact]
    public async Task Ignored_etags_profile_learns_that_if_match_is_not_honoured()
    {
        await using var run = await CheckRun.StartAsync("ignored-etags");
        var inboxId = await run.FirstInboxIdAsync();
        var (_, before) = await run.DocumentOfAsync(inboxId);
        await run.CheckAsync(writeTest: inboxId);

        Assert.Equal(0, run.ExitCode);
        Assert.False(run.Report["settings"]!["IfMatchHonoured"]!.GetValue<bool>());
        Assert.Equal("pass", run.Outcome("write-no-change"));
        var (_, after) = await run.DocumentOfAsync(inboxId);
        Assert.True(JsonNode.DeepEquals(WithoutVersion(before), WithoutVersion(after)));
    }

    [Fact]
    public async Task Untidy_profile_warns_with_the_unreadable_fields_but_is_usable()
    {
        await using var run = await CheckRun.StartAsync("untidy");
        await run.CheckAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("warn", run.Outcome("readable"));
        Assert.True(run.Report["settings"]!["UnreadableItems"]!.GetValue<int>() > 0);
        Assert.Contains("×", run.Detail("readable"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_whose_purchases_name_no_supplier_is_told_that_IBANs_cannot_be_checked()
    {
        await using var run = await CheckRun.StartAsync("no-purchase-supplier");
        await run.CheckAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("warn", run.Outcome("suppliers"));
        Assert.Contains("names no supplier", run.Detail("suppliers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_api_key_fails_and_never_shows_the_key()
    {
        const string wrongKey = "wrong-key-4f1c9e";
        await using var run = await CheckRun.StartAsync("default");
        await run.CheckAsync(apiKey: wrongKey);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("fail", run.Outcome("authentication"));
        Assert.False(run.Report["usable"]!.GetValue<bool>());
        Assert.DoesNotContain(wrongKey, run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, run.ReportText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_base_url_it_says_so_and_exits_1()
    {
        await using var run = await CheckRun.StartAsync("default");
        await run.CheckAsync(baseUrl: "");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("fail", run.Outcome("configuration"));
        Assert.Empty(run.Emulator.Requests.Entries);
    }

    [Fact]
    public async Task Small_pages_profile_warns_on_paging_and_learns_a_smaller_page_size()
    {
        await using var run = await CheckRun.StartAsync("small-pages");
        await run.CheckAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("warn", run.Outcome("paging"));
        Assert.Contains("408", run.Detail("paging"), StringComparison.Ordinal);
        var pageSize = run.Report["settings"]!["PageSize"]!.GetValue<int>();
        Assert.InRange(pageSize, 1, 200);
        Assert.Equal(60, run.Report["settings"]!["InboxCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Strictest_profile_is_usable_read_only()
    {
        await using var run = await CheckRun.StartAsync("strictest");
        await run.CheckAsync();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("warn", run.Outcome("paging"));
        Assert.Equal("warn", run.Outcome("readable"));
        Assert.DoesNotContain(run.Emulator.Requests.Entries, r => r.Method != "GET");
    }

    [Fact]
    public async Task Strictest_profile_write_test_learns_document_ids_and_changes_nothing()
    {
        await using var run = await CheckRun.StartAsync("strictest");
        var inboxId = await run.FirstInboxIdAsync();
        var (_, before) = await run.DocumentOfAsync(inboxId);
        await run.CheckAsync(writeTest: inboxId);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("Document", run.Setting("InboxDocumentsId"));
        Assert.True(run.Report["settings"]!["IfMatchHonoured"]!.GetValue<bool>()); // per-resource ETags: a bogus one is refused
        Assert.Equal("pass", run.Outcome("write-no-change"));
        var (_, after) = await run.DocumentOfAsync(inboxId);
        Assert.True(JsonNode.DeepEquals(WithoutVersion(before), WithoutVersion(after)), $"{before}\n{after}");
        Assert.DoesNotContain(run.Emulator.Requests.Entries, r => r.Method == "POST");
    }

    public static TheoryData<string> Profiles => new(LuccaInbox.Emulator.Profiles.EmulatorProfiles.Names);

    [Theory, MemberData(nameof(Profiles))]
    public async Task Every_profile_is_usable_and_the_write_test_changes_nothing(string profile)
    {
        await using var run = await CheckRun.StartAsync(profile);
        var inboxId = await run.TidyInboxIdAsync();
        var (_, before) = await run.DocumentOfAsync(inboxId);

        await run.CheckAsync(writeTest: inboxId);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.True(run.Report["usable"]!.GetValue<bool>());
        Assert.Contains(run.Setting("InboxDocumentsId"), new[] { "InboxItem", "Document" });
        var (_, after) = await run.DocumentOfAsync(inboxId);
        Assert.True(JsonNode.DeepEquals(WithoutVersion(before), WithoutVersion(after)), $"{before}\n{after}");
        Assert.DoesNotContain(run.Emulator.Requests.Entries, r => r.Method == "POST");
        Assert.DoesNotContain(run.Emulator.ApiKey, run.Output + run.ReportText);
    }

    private static JsonObject WithoutVersion(JsonObject document)
    {
        var copy = (JsonObject)document.DeepClone();
        copy.Remove("modifiedAt");
        copy.Remove("modifier");
        return copy;
    }

    private sealed class CheckRun : IAsyncDisposable
    {
        private readonly HttpClient _http = new();

        private CheckRun(RunningEmulator emulator)
        {
            Emulator = emulator;
            _http.BaseAddress = emulator.BaseUrl;
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("lucca", $"application={emulator.ApiKey}");
        }

        public RunningEmulator Emulator { get; }
        public string DataFolder { get; } = Directory.CreateTempSubdirectory("lucca-check-").FullName;
        public int ExitCode { get; private set; } = -1;
        public string Output { get; private set; } = "";
        public string[] Lines => Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        public string ReportText { get; private set; } = "";
        public JsonObject Report => (JsonObject)JsonNode.Parse(ReportText)!;

        public static async Task<CheckRun> StartAsync(string profile) => new(await LuccaEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Profile"] = profile,
            ["Emulator:Documents"] = "60",
        }));

        public async Task CheckAsync(int? writeTest = null, string? apiKey = null, string? baseUrl = null)
        {
            var reportFile = Path.Combine(DataFolder, "report.json");
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Lucca:BaseUrl"] = baseUrl ?? Emulator.BaseUrl.ToString(),
                ["Lucca:ApiKey"] = apiKey ?? Emulator.ApiKey,
                ["Lucca:MaxRetries"] = "1", // 408s on big pages: one retry keeps the test quick
                ["App:DataFolder"] = DataFolder,
            }).Build();
            var output = new StringWriter();
            ExitCode = await CheckLuccaCommand.RunAsync(configuration, DataFolder, new CheckLuccaArguments(reportFile, writeTest), output);
            Output = output.ToString();
            ReportText = await File.ReadAllTextAsync(reportFile);
        }

        public string? Setting(string name) => Report["settings"]![name]?.GetValue<string>();

        public string Outcome(string name) => Check(name)["outcome"]!.GetValue<string>();

        public string Detail(string name) => Check(name)["detail"]!.GetValue<string>();

        private JsonNode Check(string name) =>
            Report["checks"]!.AsArray().FirstOrDefault(c => c!["name"]!.GetValue<string>() == name) ?? throw new Xunit.Sdk.XunitException($"no check {name} in:\n{Output}");

        /// <summary>The first inbox item whose document id can be read (the untidy items of some profiles have none).</summary>
        public async Task<int> FirstInboxIdAsync()
        {
            var page = JsonNode.Parse(await _http.GetStringAsync("/cleemy-procurement/services/inbox?limit=100&page=1"))!;
            return page["items"]!.AsArray().First(i => i!["document"]?["id"] is JsonValue id && id.TryGetValue<int>(out _))!["id"]!.GetValue<int>();
        }

        /// <summary>An item with the usual shapes (untidy profiles give some items shapes Lucca itself would refuse back).</summary>
        public async Task<int> TidyInboxIdAsync()
        {
            var page = JsonNode.Parse(await _http.GetStringAsync("/cleemy-procurement/services/inbox?limit=100&page=1"))!;
            return page["items"]!.AsArray().First(i => i!["document"] is JsonObject d && d["id"] is JsonValue id && id.TryGetValue<int>(out _)
                && d["type"]?.GetValue<string>() == "Invoice" && d["owner"] is JsonObject && d["documentNumber"] is JsonValue number
                && number.GetValueKind() == System.Text.Json.JsonValueKind.String && d["context"] is JsonObject
                && d["intraCommunityTaxes"]?.GetValueKind() is null or System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)!["id"]!.GetValue<int>();
        }

        public async Task<(int DocumentId, JsonObject Document)> DocumentOfAsync(int inboxId)
        {
            var page = JsonNode.Parse(await _http.GetStringAsync("/cleemy-procurement/services/inbox?limit=100&page=1"))!;
            var documentId = page["items"]!.AsArray().First(i => i!["id"]!.GetValue<int>() == inboxId)!["document"]!["id"]!.GetValue<int>();
            var document = (JsonObject)JsonNode.Parse(await _http.GetStringAsync($"/cleemy-procurement/api/documents/{documentId}"))!;
            return (documentId, document);
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await Emulator.DisposeAsync();
            Directory.Delete(DataFolder, recursive: true);
        }
    }
}

/// <summary>The app reads what check-lucca learned after appsettings and before user secrets, environment and command line.</summary>
public sealed class LuccaCheckSettingsSourceTests
{
    [Fact]
    public void Learned_settings_fill_in_appsettings_but_explicit_settings_win()
    {
        var folder = Directory.CreateTempSubdirectory("lucca-check-source-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "appsettings.json"), """{"App": {"DataFolder": "data"}, "Lucca": {"InboxDocumentsId": "Auto"}}""");
            Directory.CreateDirectory(Path.Combine(folder, "data"));
            File.WriteAllText(Path.Combine(folder, "data", CheckLuccaCommand.LearnedSettingsFile),
                """{"Lucca": {"InboxDocumentsId": "Document", "IfMatchHonoured": false}}""");
            var configuration = new ConfigurationManager();
            configuration.SetBasePath(folder).AddJsonFile("appsettings.json");
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Lucca:IfMatchHonoured"] = "true" }); // as environment variables would
            var environment = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = folder };

            configuration.UseLuccaCheckSettings(environment);

            Assert.Equal("Document", configuration["Lucca:InboxDocumentsId"]);
            Assert.Equal("true", configuration["Lucca:IfMatchHonoured"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
