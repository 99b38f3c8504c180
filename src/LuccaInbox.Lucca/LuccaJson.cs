using System.Text.Json;

namespace LuccaInbox.Lucca;

public static class LuccaJson
{
    /// <summary>camelCase, nulls written (a PUT is the complete representation), numbers as numbers.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
