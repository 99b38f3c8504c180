using LuccaInbox.Web.Audit;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// A booking left Pending in the audit log (its answer was lost, or the app stopped between the POST and its answer) is
/// settled from Lucca itself by <see cref="BookingCheck"/>, at start-up and then every Booking:RecheckSeconds (default
/// 120) until Lucca tells; it is never POSTed again. Bulk-booking items are resumed by their own job.
/// </summary>
// Services are resolved when it runs, not when hosted services are constructed: the Lucca client must not be
// created before the embedded emulator (if any) has started.
public sealed class PendingBookingReconciler(IServiceProvider services, IConfiguration configuration, TimeProvider time,
    ILogger<PendingBookingReconciler> logger) : BackgroundService
{
    // A Pending entry younger than this may belong to a POST still on its way.
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(5, configuration.GetValue("Booking:RecheckSeconds", 120)));
        var firstRound = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            await RecheckAsync(firstRound, stoppingToken);
            firstRound = false;
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <param name="atStartUp">Every Pending booking is left over from before the start: none can still be in flight.</param>
    public async Task RecheckAsync(bool atStartUp, CancellationToken stoppingToken)
    {
        var reader = services.GetRequiredService<AuditReader>();
        var check = services.GetRequiredService<BookingCheck>();
        var actions = services.GetRequiredService<DocumentActions>();
        IReadOnlyList<AuditEntry> pending;
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            pending = (await reader.PendingAsync(stoppingToken))
                .Where(e => e.Action == AuditActions.Book || (!atStartUp && BookingCheck.IsBooking(e))) // at start-up, bulk jobs resume their own
                .Where(e => atStartUp || (now - e.AtUtc > InFlightGrace && !(e.InboxId is { } id && actions.IsBookingInFlight(id))))
                .ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not read pending bookings from the audit log");
            return;
        }
        foreach (var entry in pending)
        {
            if (stoppingToken.IsCancellationRequested) return;
            try
            {
                var result = await check.SettleAsync(entry, item: null);
                logger.LogInformation("Pending booking #{Sequence} of document {DocumentId} checked in Lucca: {Status}",
                    entry.Sequence, entry.DocumentId, result.Status);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Pending booking #{Sequence} could not be settled; trying again next round", entry.Sequence);
            }
        }
    }
}
