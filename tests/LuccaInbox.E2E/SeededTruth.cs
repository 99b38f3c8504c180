using System.Text.Json;
using System.Text.RegularExpressions;

namespace LuccaInbox.E2E;

/// <summary>One seeded inbox document as the emulator made it (GET /emulator/seeded-truth): its original's kind, the
/// field OCR misread, and whether its IBAN is not the supplier's on file.</summary>
public sealed record Truth(int InboxId, string OriginalKind, string? MisreadField, string? OcrValue, string? TrueValue, bool IbanDiffersFromSupplier)
{
    /// <summary>Nothing to warn about: booking it asks for no reason, and bulk booking keeps it (issue 16).</summary>
    public bool IsClean => MisreadField is null && !IbanDiffersFromSupplier;
}

/// <summary>Reads the embedded emulator's seeded truth, so a test picks the documents its story needs.</summary>
public static partial class SeededTruth
{
    [GeneratedRegex(@"embedded Lucca emulator at (?<url>http://\S+)")]
    private static partial Regex EmbeddedEmulatorUrl();

    /// <summary>Where the app's Lucca emulator listens: the one it embeds (its log says where), or the one it was given.</summary>
    public static Uri EmulatorUrlOf(AppUnderTest app) => app.GivenEmulator
        ?? new Uri(app.LogLines.Select(l => EmbeddedEmulatorUrl().Match(l)).First(m => m.Success).Groups["url"].Value);

    public static async Task<IReadOnlyDictionary<int, Truth>> ReadAsync(AppUnderTest app)
    {
        using var http = new HttpClient { BaseAddress = EmulatorUrlOf(app) };
        var json = await http.GetStringAsync("/emulator/seeded-truth");
        return JsonSerializer.Deserialize<List<Truth>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!.ToDictionary(t => t.InboxId);
    }

    /// <summary>The rows a locator finds whose documents are clean, in the grid's order, as inbox ids.</summary>
    public static async Task<IReadOnlyList<string>> CleanRowIdsAsync(AppUnderTest app, ILocator rows)
    {
        var truth = await ReadAsync(app);
        var ids = new List<string>();
        foreach (var row in await rows.AllAsync())
        {
            var id = await row.GetAttributeAsync("data-inbox-id");
            if (id is not null && truth.TryGetValue(InboxPicks.Parse(id), out var t) && t.IsClean) ids.Add(id);
        }
        return ids;
    }
}
