using System.Text.Json;
using System.Text.Json.Nodes;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Emulator.Profiles;

namespace LuccaInbox.Emulator.Inbox;

public static class InboxApi
{
    public static void MapInboxApi(this IEndpointRouteBuilder app)
    {
        var services = app.MapGroup("/cleemy-procurement/services");
        services.MapGet("/inbox", ListInbox);
        services.MapPut("/inbox-documents/{inboxId:int}", UpdateInboxDocument);
        services.MapPost("/inbox-documents/{inboxId:int}/book", Book);
    }

    // Filter names are undocumented; this INF set follows the service's dotted style (API-FACTS §15.1).
    private static IResult ListInbox(HttpRequest request, EmulatorStore store, EmulatorProfile profile)
    {
        if (!CollectionQuery.TryParse(request.Query, out var query, out var problem)) return problem!;
        if (ProfileAnswers.PageTooLarge(profile, query) is { } timeout) return timeout;
        var q = request.Query;
        var types = QueryFilters.List(q, "document.type");
        var statuses = QueryFilters.List(q, "document.ocrStatus");
        var owners = QueryFilters.List(q, "document.owner.id") ?? QueryFilters.List(q, "ownerId");
        var sources = QueryFilters.List(q, "source.type");
        if (!QueryFilters.TryInstant(q, "createdAt.from", out var createdFrom) || !QueryFilters.TryInstant(q, "createdAt.to", out var createdTo)
            || !QueryFilters.TryInstant(q, "modifiedAt.from", out var modifiedFrom) || !QueryFilters.TryInstant(q, "modifiedAt.to", out var modifiedTo))
        {
            return Problems.Validation(new Dictionary<string, List<string>> { ["createdAt"] = ["Dates must be ISO 8601."] });
        }

        bool Matches(JsonObject item)
        {
            var document = item["document"];
            return (types is null || types.Contains(QueryFilters.Text(document, "type") ?? ""))
                && (statuses is null || statuses.Contains(QueryFilters.Text(document, "ocrStatus") ?? ""))
                && (owners is null || owners.Contains(QueryFilters.Text(document, "owner", "id") ?? ""))
                && (sources is null || sources.Contains(QueryFilters.Text(item, "source", "type") ?? ""))
                && InRange(QueryFilters.Instant(item, "createdAt"), createdFrom, createdTo)
                && InRange(QueryFilters.Instant(item, "modifiedAt"), modifiedFrom, modifiedTo);
        }
        return JsonResults.Json(store.ListInbox(Matches, query));
    }

    private static bool InRange(DateTimeOffset? value, DateTimeOffset? from, DateTimeOffset? to) =>
        (from is null || value >= from) && (to is null || value <= to);

    /// <summary><paramref name="inboxId"/> is a document id under the document-id profile (API-FACTS §15.6).</summary>
    private static async Task<IResult> UpdateInboxDocument(int inboxId, HttpRequest request, EmulatorStore store, EmulatorProfile profile)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body) as JsonObject;
        }
        catch (JsonException e)
        {
            return Problems.Problem(400, "The request body is not valid JSON.", e.Message);
        }
        if (body is null) return Problems.Problem(400, "The request body must be a JSON object.");

        var (users, purchases) = store.KnownIds();
        var errors = new InboxDocumentValidator(users, purchases, acceptDateTimes: profile.DateTimes).Validate(body);
        foreach (var (path, messages) in ProfileAnswers.ExplicitNulls(profile, body)) errors[path] = messages;
        if (errors.Count > 0) return Problems.Validation(errors);

        var result = store.UpdateInboxDocument(inboxId, body, request.Headers.IfMatch.ToString());
        return result.Status switch
        {
            EmulatorStore.WriteStatus.Ok => JsonResults.Json(result.Json!, result.ETag),
            EmulatorStore.WriteStatus.PreconditionFailed => DocumentChangedSinceRead(),
            _ => NoInboxDocument(inboxId),
        };
    }

    private static IResult Book(int inboxId, HttpRequest request, EmulatorStore store, EmulatorProfile profile)
    {
        var result = store.Book(inboxId, request.Headers.IfMatch.ToString());
        return result.Status switch
        {
            EmulatorStore.WriteStatus.Ok => ProfileAnswers.Booked(profile, result),
            EmulatorStore.WriteStatus.PreconditionFailed => DocumentChangedSinceRead(),
            EmulatorStore.WriteStatus.NotBookable => Problems.Problem(400, "The document cannot be booked.", result.Problem),
            _ => NoInboxDocument(inboxId),
        };
    }

    private static IResult DocumentChangedSinceRead() =>
        Problems.Problem(412, "Precondition Failed", "The document changed since this version was read.");

    private static IResult NoInboxDocument(int inboxId) => Problems.NotFound($"No inbox document with id {inboxId}.");
}
