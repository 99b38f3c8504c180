using System.Text.Json.Nodes;

namespace LuccaInbox.Emulator.Infrastructure;

public static class JsonResults
{
    public static IResult Json(string json, string? etag = null) => new JsonTextResult(json, etag);

    public static string Collection(IEnumerable<string> itemsJson, int? count, string? prev, string? next, bool withPrev, bool withNext)
    {
        var builder = new System.Text.StringBuilder("{\"items\":[");
        builder.AppendJoin(',', itemsJson);
        builder.Append(']');
        if (count is not null) builder.Append(",\"count\":").Append(count.Value);
        if (withPrev) builder.Append(",\"prev\":").Append(prev is null ? "null" : JsonValue.Create(prev).ToJsonString());
        if (withNext) builder.Append(",\"next\":").Append(next is null ? "null" : JsonValue.Create(next).ToJsonString());
        builder.Append('}');
        return builder.ToString();
    }

    private sealed class JsonTextResult(string json, string? etag) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (etag is not null) httpContext.Response.Headers.ETag = etag;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            return httpContext.Response.WriteAsync(json);
        }
    }
}
