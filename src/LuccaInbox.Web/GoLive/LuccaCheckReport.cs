using LuccaInbox.Lucca;
namespace LuccaInbox.Web.GoLive;

public enum CheckOutcome { Pass, Warn, Fail }

public sealed record CheckLine(string Name, CheckOutcome Outcome, string Detail);

/// <summary>What the go-live check learned about this Lucca, in the names of <see cref="LuccaInbox.Lucca.LuccaOptions"/> where there is one.</summary>
public sealed class LearnedSettings
{
    /// <summary>InboxItem | Document (Lucca:InboxDocumentsId), learned by --write-test; null when not tried.</summary>
    public string? InboxDocumentsId { get; set; }
    /// <summary>Lucca:IfMatchHonoured, learned by --write-test; null when not tried or unclear.</summary>
    public bool? IfMatchHonoured { get; set; }
    /// <summary>The largest inbox page Lucca answered without a 408 (1000 at best).</summary>
    public int? PageSize { get; set; }
    public int? InboxCount { get; set; }
    public bool? DocumentETags { get; set; }
    public bool? UnknownFiltersIgnored { get; set; }
    public int? BookedCount { get; set; }
    public int? BookedCountSince { get; set; }
    public List<string> RateLimitHeaders { get; set; } = [];
    public int? UnreadableItems { get; set; }
}

/// <summary>
/// The check's outcome. Every line is scrubbed of the API key before it is kept, so neither stdout nor the report file can
/// carry it, whatever Lucca echoed back.
/// </summary>
public sealed class LuccaCheckReport(string? apiKey, TextWriter output)
{
    public bool Usable => Checks.All(c => c.Outcome != CheckOutcome.Fail);
    public List<CheckLine> Checks { get; } = [];
    public LearnedSettings Settings { get; } = new();

    public void Pass(string name, string detail) => Add(name, CheckOutcome.Pass, detail);
    public void Warn(string name, string detail) => Add(name, CheckOutcome.Warn, detail);
    public void Fail(string name, string detail) => Add(name, CheckOutcome.Fail, detail);

    public void Add(string name, CheckOutcome outcome, string detail)
    {
        var line = new CheckLine(name, outcome, Scrub(detail));
        Checks.Add(line);
        output.WriteLine($"{outcome.ToString().ToLowerInvariant(),-5} {name,-16} {line.Detail}");
    }

    public string Scrub(string text) =>
        SecretScrubber.Scrub(text, apiKey);
}
