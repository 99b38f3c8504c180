using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Tests.Support;

/// <summary>The client's two writes, as the app makes them, for tests that talk to Lucca without the web app.</summary>
public static class LuccaTestWrites
{
    public static LuccaWrites Writes(this LuccaTestHost host) => host.Services.GetRequiredService<LuccaWrites>();

    /// <summary>A PUT of the item exactly as it was read: the no-change round trip.</summary>
    public static Task<PutAnswer> PutUnchangedAsync(this LuccaTestHost host, InboxItem item, string? ifMatch = null) =>
        host.Writes().PutAsync(item, InboxDocumentUpdate.Build(item.Document!, item.Document!, item.Document!), ifMatch, KnownInboxIds.NoneOther);

    public static Task<PutAnswer> PutEditedAsync(this LuccaTestHost host, InboxItem item, Document edited) =>
        host.Writes().PutAsync(item, InboxDocumentUpdate.Build(item.Document!, item.Document!, edited), null, KnownInboxIds.NoneOther);

    public static Task<BookedDocument?> BookAsync(this LuccaTestHost host, InboxItem item) => host.Writes().BookAsync(item, KnownInboxIds.NoneOther);
}
