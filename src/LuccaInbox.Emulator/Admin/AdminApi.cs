using System.Text.Json;
using System.Text.Json.Serialization;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Emulator.Profiles;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Emulator.Admin;

/// <summary>Test and demo controls, outside the Lucca API: reseed, read the request log, script faults.</summary>
public static class AdminApi
{
    public sealed record ResetRequest(int? Documents, int? Seed);

    public sealed record FaultSettingsDto(int? LatencyMs, double? FailureRate, double? TimeoutRate, double? TimeoutSeconds,
        int? RequestsPerMinute, double? RateLimitWindowSeconds);

    private static readonly JsonSerializerOptions ProfileJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/emulator");
        admin.MapPost("/reset", (ResetRequest? body, EmulatorStore store, RequestLog log, FaultSettings faults, IOptions<EmulatorOptions> options) =>
        {
            store.Reset(body?.Seed ?? options.Value.Seed, body?.Documents ?? options.Value.Documents);
            log.Clear();
            faults.ClearScript();
            return Results.Ok(new { inbox = store.InboxCount });
        });
        admin.MapGet("/profile", (EmulatorProfile profile, IOptions<EmulatorOptions> options) => Results.Json(
            new { name = options.Value.Profile, knobs = profile, known = EmulatorProfile.Names }, ProfileJson));
        admin.MapGet("/requests", (RequestLog log) => Results.Ok(log.Entries));
        admin.MapGet("/seeded-truth", (EmulatorStore store) => Results.Json(store.SeededTruth, ProfileJson));
        admin.MapDelete("/requests", (RequestLog log) => { log.Clear(); return Results.NoContent(); });
        admin.MapPost("/faults/next", (ScriptedFault fault, FaultSettings faults) => { faults.Enqueue(fault); return Results.NoContent(); });
        admin.MapPut("/files/{fileId}/pages", (string fileId, int? count, EmulatorStore store) =>
            store.ReshapeFile(fileId, count) ? Results.NoContent() : Results.NotFound());
        admin.MapDelete("/faults", (FaultSettings faults) => { faults.ClearScript(); return Results.NoContent(); });
        admin.MapPut("/faults", (FaultSettingsDto dto, FaultSettings faults) =>
        {
            faults.LatencyMs = dto.LatencyMs ?? faults.LatencyMs;
            faults.FailureRate = dto.FailureRate ?? faults.FailureRate;
            faults.TimeoutRate = dto.TimeoutRate ?? faults.TimeoutRate;
            faults.TimeoutSeconds = dto.TimeoutSeconds ?? faults.TimeoutSeconds;
            faults.RequestsPerMinute = dto.RequestsPerMinute ?? faults.RequestsPerMinute;
            faults.RateLimitWindowSeconds = dto.RateLimitWindowSeconds ?? faults.RateLimitWindowSeconds;
            return Results.NoContent();
        });
    }
}
