using System.Globalization;
using System.Text.Json.Nodes;

namespace LuccaInbox.Emulator.Infrastructure;

/// <summary>limit / page / fields.root as API-FACTS §0.3 and §15.2-5 decide them for the emulator.</summary>
public sealed record CollectionQuery(int Limit, int Page, bool WithCount, bool WithPrev, bool WithNext)
{
    public const int DefaultLimit = 100; // undocumented default; the guide's own example value (API-FACTS §15.2)
    private const string TokenPrefix = "pg-";

    public static bool TryParse(IQueryCollection query, out CollectionQuery parsed, out IResult? problem)
    {
        parsed = null!;
        problem = null;
        var errors = new Dictionary<string, List<string>>();

        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && !(int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) && limit is >= 0 and <= 1000))
        {
            errors["limit"] = ["The field limit must be between 0 and 1000."];
        }

        var page = 1;
        if (query.TryGetValue("page", out var pageText))
        {
            var text = pageText.ToString();
            var numeric = text.StartsWith(TokenPrefix, StringComparison.Ordinal) ? text[TokenPrefix.Length..] : text;
            if (!int.TryParse(numeric, NumberStyles.Integer, CultureInfo.InvariantCulture, out page) || page < 1)
            {
                errors["page"] = ["The field page must be a page number starting at 1 or a page token."];
            }
        }

        var root = query["fields.root"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknownRoot = root.Except(["count", "prev", "next"]).ToList();
        if (unknownRoot.Count > 0)
        {
            errors["fields.root"] = [$"Unknown root field(s): {string.Join(", ", unknownRoot)}."];
        }

        if (errors.Count > 0)
        {
            problem = Problems.Validation(errors);
            return false;
        }
        parsed = new CollectionQuery(limit, page, root.Contains("count"), root.Contains("prev"), root.Contains("next"));
        return true;
    }

    public string Render(IReadOnlyList<JsonObject> all, Func<JsonObject, string>? render = null)
    {
        render ??= i => i.ToJsonString();
        var skip = (long)(Page - 1) * Limit;
        var items = Limit == 0 || skip >= all.Count ? [] : all.Skip((int)skip).Take(Limit).Select(render);
        string? prev = Page > 1 && Limit > 0 ? TokenPrefix + (Page - 1) : null;
        string? next = Limit > 0 && skip + Limit < all.Count ? TokenPrefix + (Page + 1) : null;
        return JsonResults.Collection(items, WithCount ? all.Count : null, prev, next, WithPrev, WithNext);
    }
}
