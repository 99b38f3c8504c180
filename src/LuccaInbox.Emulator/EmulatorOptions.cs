namespace LuccaInbox.Emulator;

/// <summary>Bound from "Emulator". Faults can also be changed at run time through the admin API.</summary>
public sealed class EmulatorOptions
{
    public const string Section = "Emulator";
    public const string DefaultApiKey = "emulator-api-key";

    public int Documents { get; set; } = 250;
    public int Seed { get; set; } = 42;
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>Which answers to the open API questions the emulator plays: one name from
    /// <see cref="Profiles.EmulatorProfile.Names"/> or comma-separated names combined in order (later names win).</summary>
    public string Profile { get; set; } = Profiles.EmulatorProfile.DefaultName;

    /// <summary>0 = not enforced. Otherwise 429 + Retry-After beyond this many requests per window (API-FACTS §15.14).</summary>
    public int RequestsPerMinute { get; set; }
    public double RateLimitWindowSeconds { get; set; } = 60;

    public int LatencyMs { get; set; }
    /// <summary>Share of requests answered 503 (0..1).</summary>
    public double FailureRate { get; set; }
    /// <summary>Share of requests that hang for TimeoutSeconds and then answer 408 (0..1).</summary>
    public double TimeoutRate { get; set; }
    public double TimeoutSeconds { get; set; } = 5;
}
