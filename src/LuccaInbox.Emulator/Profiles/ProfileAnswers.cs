using System.Text.Json.Nodes;
using LuccaInbox.Emulator.Infrastructure;

namespace LuccaInbox.Emulator.Profiles;

/// <summary>Answers the endpoints give differently under some profiles.</summary>
public static class ProfileAnswers
{
    /// <summary>MaxPageSizeBefore408 (API-FACTS §0.4, §0.5, 2026-12-02 addendum): a page that large takes Lucca past its
    /// 5 s budget. Answered at once here, so tests stay fast.</summary>
    public static IResult? PageTooLarge(EmulatorProfile profile, CollectionQuery query) =>
        profile.MaxPageSizeBefore408 is { } max && query.Limit > max
            ? Problems.Problem(408, "Request Timeout", "The request took longer than the limit; retry with a simplified request.")
            : null;

    /// <summary>ExplicitNulls = Refused (API-FACTS §15.20): every explicit null under <c>document</c>, by path.</summary>
    public static Dictionary<string, List<string>> ExplicitNulls(EmulatorProfile profile, JsonObject body)
    {
        var errors = new Dictionary<string, List<string>>();
        if (profile.ExplicitNulls == ExplicitNullsMode.Refused && body["document"] is JsonObject document) Collect(document, "document", errors);
        return errors;
    }

    /// <summary>BookAnswer (API-FACTS §6, §15.7): 200 with the booked document, 204, or 202 with its id.</summary>
    public static IResult Booked(EmulatorProfile profile, EmulatorStore.WriteResult result) => profile.BookAnswer switch
    {
        BookAnswerMode.NoContent => Results.NoContent(),
        BookAnswerMode.Accepted => Results.Content(new JsonObject { ["id"] = result.BookedId }.ToJsonString(), "application/json; charset=utf-8",
            statusCode: StatusCodes.Status202Accepted),
        _ => JsonResults.Json(result.Json!),
    };

    private static void Collect(JsonNode node, string path, Dictionary<string, List<string>> errors)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o) Visit(value, $"{path}.{name}", errors);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) Visit(a[i], $"{path}[{i}]", errors);
                break;
        }
    }

    private static void Visit(JsonNode? value, string path, Dictionary<string, List<string>> errors)
    {
        if (value is null) errors[path] = ["An explicit null is not accepted: leave the property out."];
        else Collect(value, path, errors);
    }
}
