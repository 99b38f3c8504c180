// Benchmarks of LuccaInbox's request economy and speed. Run:
//   dotnet run -c Release --project tests/LuccaInbox.Bench [-- <output path>]
//   ... -- --only-invoice-check             only issue 16's catch rates and verdict times
//   ... -- --only-prefetch [--real-budget]   only the scans-ahead scenario; --real-budget adds a run at 50 a minute (16 min)
//   ... -- --only-instances                 only the morning across two instances on one PostgreSQL (issue 17)
//   ... -- --only-budget                    only the Lucca budget's cost per grant, in memory and on PostgreSQL
//                                           (LUCCAINBOX_TEST_POSTGRES, else a cluster from .ci/postgres; run from the repo root)
// Writes bench-results.json (default: tests/LuccaInbox.Bench/bench-results.json when run from the repo root).
// The Lucca budget of 50 requests per minute is scaled to 50 per second (emulator and client alike): the ratio counts.
using System.Diagnostics;
using System.Text.Json;
using LuccaInbox.Bench;

var output = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Path.Combine("tests", "LuccaInbox.Bench", "bench-results.json");
var results = new Dictionary<string, object>
{
    ["machine"] = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, dotnet = Environment.Version.ToString() },
    ["ranAtUtc"] = DateTime.UtcNow.ToString("O"),
    ["budget"] = $"{BenchHost.Budget} requests per {BenchHost.Window.TotalSeconds} s (Lucca: 50 per minute, scaled)",
};

var clock = Stopwatch.StartNew();
if (args.Contains("--only-instances"))
{
    // Issue 17: the morning across two instances on one PostgreSQL (LUCCAINBOX_TEST_POSTGRES, or a cluster .ci/postgres starts).
    var existing = File.Exists(output) ? JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await File.ReadAllTextAsync(output)) ?? [] : [];
    var merged = existing.ToDictionary(kv => kv.Key, kv => (object)kv.Value);
    merged["morningAcrossInstances"] = new
    {
        ranAtUtc = DateTime.UtcNow.ToString("O"),
        result = await Scenarios.MorningAcrossInstancesAsync(documents: 10_000, latencyMs: 50, users: 5, actionsPerUser: 40,
            () => LuccaInbox.Tests.Support.PostgresServer.CreateDatabaseAsync("bench")),
    };
    await File.WriteAllTextAsync(output, JsonSerializer.Serialize(merged, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"morning across instances done ({clock.Elapsed.TotalSeconds:0.0} s); wrote {Path.GetFullPath(output)}");
    return;
}
if (args.Contains("--only-invoice-check"))
{
    var existing = File.Exists(output) ? JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await File.ReadAllTextAsync(output)) ?? [] : [];
    var merged = existing.ToDictionary(kv => kv.Key, kv => (object)kv.Value);
    merged["invoiceCheck"] = new { ranAtUtc = DateTime.UtcNow.ToString("O"), result = await InvoiceCheckScenario.RunAsync(documents: 600) };
    await File.WriteAllTextAsync(output, JsonSerializer.Serialize(merged, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"invoice check done ({clock.Elapsed.TotalSeconds:0.0} s); wrote {Path.GetFullPath(output)}");
    return;
}
if (args.Contains("--only-budget"))
{
    var existing = File.Exists(output) ? JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await File.ReadAllTextAsync(output)) ?? [] : [];
    var merged = existing.ToDictionary(kv => kv.Key, kv => (object)kv.Value);
    merged["budgetOverhead"] = new
    {
        ranAtUtc = DateTime.UtcNow.ToString("O"),
        overheadPerGrant = await BudgetOverheadScenario.RunAsync(grants: 3000),
    };
    await File.WriteAllTextAsync(output, JsonSerializer.Serialize(merged, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"budget overhead done ({clock.Elapsed.TotalSeconds:0.0} s); wrote {Path.GetFullPath(output)}");
    return;
}
if (args.Contains("--only-prefetch"))
{
    // Just the scans-ahead scenario, merged into the existing results file.
    var existing = File.Exists(output) ? JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await File.ReadAllTextAsync(output)) ?? [] : [];
    var merged = existing.ToDictionary(kv => kv.Key, kv => (object)kv.Value);
    merged["prefetch"] = new
    {
        ranAtUtc = DateTime.UtcNow.ToString("O"),
        idleTenant = await PrefetchScenario.RunAsync(documents: 1000, latencyMs: 50, steps: 30, colleaguesReadsPerWindow: 0),
        busyTenant = await PrefetchScenario.RunAsync(documents: 1000, latencyMs: 50, steps: 30, colleaguesReadsPerWindow: 20),
        // The goal as stated: the real 50 requests per minute, one document per 20 s (about 16 minutes).
        realBudgetBusyTenant = args.Contains("--real-budget")
            ? await PrefetchScenario.RunAsync(documents: 1000, latencyMs: 50, steps: 20, colleaguesReadsPerWindow: 20, window: TimeSpan.FromMinutes(1))
            : existing.GetValueOrDefault("prefetch").ValueKind == JsonValueKind.Object && existing["prefetch"].TryGetProperty("realBudgetBusyTenant", out var kept) ? (object)kept : null,
    };
    await File.WriteAllTextAsync(output, JsonSerializer.Serialize(merged, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"prefetch done ({clock.Elapsed.TotalSeconds:0.0} s); wrote {Path.GetFullPath(output)}");
    return;
}
results["fullSync"] = await Scenarios.FullSyncAsync(documents: 10_000, latencyMs: 50);
Console.WriteLine($"full sync done ({clock.Elapsed.TotalSeconds:0.0} s)");
results["gridQueries"] = Scenarios.GridQueries(documents: 20_000);
Console.WriteLine($"grid queries done ({clock.Elapsed.TotalSeconds:0.0} s)");
results["morning"] = await Scenarios.MorningAsync(documents: 10_000, latencyMs: 50, users: 5, actionsPerUser: 40);
Console.WriteLine($"morning done ({clock.Elapsed.TotalSeconds:0.0} s)");
results["bookings"] = await Scenarios.BookingsAsync(documents: 10_000, latencyMs: 50, count: 100);
Console.WriteLine($"bookings done ({clock.Elapsed.TotalSeconds:0.0} s)");
results["prefetch"] = new
{
    idleTenant = await PrefetchScenario.RunAsync(documents: 1000, latencyMs: 50, steps: 30, colleaguesReadsPerWindow: 0),
    busyTenant = await PrefetchScenario.RunAsync(documents: 1000, latencyMs: 50, steps: 30, colleaguesReadsPerWindow: 20),
};
Console.WriteLine($"prefetch done ({clock.Elapsed.TotalSeconds:0.0} s)");
results["invoiceCheck"] = await InvoiceCheckScenario.RunAsync(documents: 600);
Console.WriteLine($"invoice check done ({clock.Elapsed.TotalSeconds:0.0} s)");
results["auditChain"] = await Scenarios.AuditChainAsync(entries: 10_000);
Console.WriteLine($"audit chain done ({clock.Elapsed.TotalSeconds:0.0} s)");
if (!args.Contains("--no-browser"))
{
    // Needs the web app built in Release (dotnet build -c Release) and Debian's chromium.
    results["circuitMemory"] = await CircuitMemory.MeasureAsync(circuits: 20);
    Console.WriteLine($"circuit memory done ({clock.Elapsed.TotalSeconds:0.0} s)");
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"wrote {Path.GetFullPath(output)}");
