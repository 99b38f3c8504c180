using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LuccaInbox.Lucca;

public enum InboxDocumentIdReading { Auto, InboxItem, Document }

/// <summary>
/// Which id /services/inbox-documents/{id} (PUT and book) takes: the docs do not say (API-FACTS §5, §15.6). The inbox
/// item's id is the natural reading; the document's id is the other. <c>Lucca:InboxDocumentsId</c> fixes it (check-lucca
/// learns it with --write-test); under Auto the first unambiguous answer from Lucca settles it for the app's lifetime.
/// </summary>
public sealed class InboxDocumentIds(IOptionsMonitor<LuccaOptions> options, ILogger<InboxDocumentIds> logger)
{
    private volatile InboxDocumentIdReading _learned = InboxDocumentIdReading.Auto;

    public InboxDocumentIdReading Reading =>
        options.CurrentValue.InboxDocumentsId is var configured and not InboxDocumentIdReading.Auto ? configured : _learned;

    internal void Learn(InboxDocumentIdReading reading)
    {
        if (_learned == reading) return;
        _learned = reading;
        logger.LogInformation("Lucca's inbox-documents paths take the {Reading} id (learned from its answers)", reading);
    }
}
