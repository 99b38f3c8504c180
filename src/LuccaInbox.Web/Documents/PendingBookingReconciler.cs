using LuccaInbox.Web.Audit;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// At start-up, a booking left Pending in the audit log (the app stopped between the POST and its answer) is
/// decided from Lucca itself, as a lost answer is: booked if it is among the booked documents, else failed.
/// It is never POSTed again. Bulk-booking items are resumed by their own job.
/// </summary>
// Services are resolved when it runs, not when hosted services are constructed: the Lucca client must not be
// created before the embedded emulator (if any) has started.
public sealed class PendingBookingReconciler(IServiceProvider services, ILogger<PendingBookingReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = services.GetRequiredService<AuditReader>();
        var actions = services.GetRequiredService<DocumentActions>();
        IReadOnlyList<AuditEntry> pending;
        try
        {
            pending = (await reader.PendingAsync(stoppingToken)).Where(e => e.Action == AuditActions.Book).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not read pending bookings from the audit log");
            return;
        }
        foreach (var entry in pending)
        {
            if (stoppingToken.IsCancellationRequested) return;
            var result = await actions.ReconcileAsync(entry, item: null);
            logger.LogInformation("Pending booking #{Sequence} of document {DocumentId} reconciled at start-up: {Status}",
                entry.Sequence, entry.DocumentId, result.Status);
        }
    }
}
