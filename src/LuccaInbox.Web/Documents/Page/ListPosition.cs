using LuccaInbox.Web.Inbox;

namespace LuccaInbox.Web.Documents;

/// <summary>Where a document is in the list the person came from (the inbox's filter and sort), and its neighbours.</summary>
public sealed record ListPosition(int Index, int Count, int? Previous, int? Next, string QueryString)
{
    public string? PreviousHref => Previous is { } id ? HrefOf(id, QueryString) : null;
    public string? NextHref => Next is { } id ? HrefOf(id, QueryString) : null;

    public static string HrefOf(int inboxId, string queryString) => $"/documents/{inboxId}{queryString}";

    public static ListPosition Of(int inboxId, InboxSnapshot snapshot, InboxQuery query, DateOnly today, RowMarks? marks = null)
    {
        var ordered = InboxQueries.FilterAndSort(snapshot.Rows, query, today, marks).Select(r => r.InboxId).ToList();
        var index = ordered.IndexOf(inboxId);
        var queryString = query.ToQueryString();
        // Not in the list (filtered out since): "next" is the list's first document.
        if (index < 0) return new ListPosition(0, ordered.Count, null, ordered.Count > 0 ? ordered[0] : null, queryString);
        return new ListPosition(index + 1, ordered.Count, index > 0 ? ordered[index - 1] : null,
            index + 1 < ordered.Count ? ordered[index + 1] : null, queryString);
    }
}
