using System.ComponentModel.DataAnnotations;

namespace LuccaInbox.Lucca;

public sealed class LuccaOptions
{
    public const string Section = "Lucca";

    /// <summary>The tenant, e.g. https://acme.ilucca.net. Empty: the web app starts its embedded emulator.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as "Authorization: lucca application={key}"; never logged, never sent to a browser.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The tenant's budget, shared by every integration of the customer (API-FACTS §0.4).</summary>
    [Range(1, 100_000)]
    public int RequestsPerMinute { get; set; } = 50;

    /// <summary>The budget's window. One minute for Lucca; the benchmark shrinks it to run a "minute" per second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Bytes read at most from a page image or display answer, counted as they stream (a missing or false
    /// Content-Length cannot make the app read more).</summary>
    [Range(1, 100 * 1024 * 1024)]
    public long MaxPageBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Bytes read at most from an original file; Lucca's own body limit is 100 MB (API-FACTS §0.4).</summary>
    [Range(1, 100 * 1024 * 1024)]
    public long MaxOriginalBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>The share of the budget (percent of the limit in force, at least one request) that people's reads leave
    /// free for saves and bookings. 0: none.</summary>
    [Range(0, 90)]
    public int WriteReservePercent { get; set; } = 20;

    /// <summary>The share of <see cref="RequestsPerMinute"/> (0 to 1) that fetching scans ahead may spend per budget window,
    /// and only in the optional lane (what is free after people's actions). 0: no prefetch.</summary>
    [Range(0.0, 1.0)]
    public double PrefetchShare { get; set; } = 0.2;

    /// <summary>Lucca-spending actions (booked documents read, inbox refreshes, version checks) one person may start per
    /// budget window (<see cref="RateLimitWindow"/>, a minute); beyond it they are told to wait, nobody else is.</summary>
    [Range(1, 100_000)]
    public int PerUserActionsPerMinute { get; set; } = 20;

    [Range(0, 86_400)]
    public int InboxCacheSeconds { get; set; } = 60;

    /// <summary>Per-attempt timeout, counted from the moment the request has its budget slot. Lucca itself aborts
    /// requests after 5 s with a 408 (API-FACTS §0.4).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Which id the inbox-documents paths take (API-FACTS §15.6). Auto: learned from Lucca's first clear answer.</summary>
    public InboxDocumentIdReading InboxDocumentsId { get; set; } = InboxDocumentIdReading.Auto;

    /// <summary>Whether Lucca was seen to honour If-Match on the inbox PUT (check-lucca --write-test learns it). Until then no
    /// If-Match is sent: lost updates are prevented by comparing what the user opened with what Lucca has now.</summary>
    public bool? IfMatchHonoured { get; set; }
}
