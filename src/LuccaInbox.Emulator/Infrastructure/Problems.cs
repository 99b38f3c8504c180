using System.Text.Json.Nodes;

namespace LuccaInbox.Emulator.Infrastructure;

/// <summary>RFC 7807 problem details as Lucca sends them (API-FACTS §0.5).</summary>
public static class Problems
{
    private static readonly Dictionary<int, string> Types = new()
    {
        [400] = "https://tools.ietf.org/html/rfc7231#section-6.5.1",
        [401] = "https://tools.ietf.org/html/rfc7235#section-3.1",
        [404] = "https://tools.ietf.org/html/rfc7231#section-6.5.4",
        [408] = "https://tools.ietf.org/html/rfc7231#section-6.5.7",
        [411] = "https://tools.ietf.org/html/rfc7231#section-6.5.10",
        [412] = "https://tools.ietf.org/html/rfc7232#section-4.2",
        [429] = "https://tools.ietf.org/html/rfc6585#section-4",
        [500] = "https://tools.ietf.org/html/rfc7231#section-6.6.1",
        [503] = "https://tools.ietf.org/html/rfc7231#section-6.6.4",
    };

    public static IResult Problem(int status, string title, string? detail = null, IDictionary<string, List<string>>? errors = null)
    {
        var body = new JsonObject
        {
            ["type"] = Types.GetValueOrDefault(status, "about:blank"),
            ["title"] = title,
            ["status"] = status,
        };
        if (detail is not null) body["detail"] = detail;
        if (errors is { Count: > 0 })
        {
            var errorsNode = new JsonObject();
            foreach (var (field, messages) in errors)
            {
                errorsNode[field] = new JsonArray(messages.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray());
            }
            body["errors"] = errorsNode;
        }
        return Results.Content(body.ToJsonString(), "application/problem+json", statusCode: status);
    }

    public static IResult Validation(IDictionary<string, List<string>> errors) =>
        Problem(400, "One or more validation errors occurred.", errors: errors);

    public static IResult NotFound(string what) => Problem(404, "Not Found", what);
}
