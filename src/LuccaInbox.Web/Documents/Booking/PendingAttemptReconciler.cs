using LuccaInbox.Web.Audit;

namespace LuccaInbox.Web.Documents;

/// <summary>
/// An attempt left Pending in the audit log (its answer was lost, or the app stopped between the call and its answer) is
/// settled from Lucca itself, at start-up and then every Booking:RecheckSeconds (default 120) until Lucca tells: a
/// booking by <see cref="BookingReconciler"/>, an edit by <see cref="SaveReadBack"/>. Nothing is ever sent again. Bulk-booking
/// items are resumed by their own job at start-up. Attempts older than a week are left as they are.
/// </summary>
// Services are resolved when it runs, not when hosted services are constructed: the Lucca client must not be
// created before the embedded emulator (if any) has started.
public sealed class PendingAttemptReconciler(IServiceProvider services, IConfiguration configuration, TimeProvider time,
    ILogger<PendingAttemptReconciler> logger) : BackgroundService
{
    // A Pending entry younger than this may belong to a POST still on its way.
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(7);

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
        var check = services.GetRequiredService<BookingReconciler>();
        var readBack = services.GetRequiredService<SaveReadBack>();
        var gates = services.GetRequiredService<DocumentGates>();
        IReadOnlyList<AuditEntry> pending;
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            pending = (await reader.PendingAsync(stoppingToken))
                .Where(e => now - e.AtUtc < GiveUpAfter)
                .Where(e => e.Action is AuditActions.Book or AuditActions.Edit || (!atStartUp && BookingReconciler.IsBooking(e))) // at start-up, bulk jobs resume their own
                .Where(e => atStartUp || now - e.AtUtc > InFlightGrace)
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
                // Under the document's gate, and skipped while a save or booking of it is on its way (queued for the
                // budget, or waiting out a 429): its Pending entry is not a lost answer.
                var settled = await gates.WhenIdleAsync(entry.InboxId ?? 0, async () =>
                {
                    if (entry.Action == AuditActions.Edit) await readBack.SettlePendingAsync(entry, stoppingToken);
                    else
                    {
                        var result = await check.SettleAsync(entry, item: null);
                        logger.LogInformation("Pending booking #{Sequence} of document {DocumentId} checked in Lucca: {Status}",
                            entry.Sequence, entry.DocumentId, result.Status);
                    }
                });
                if (!settled) logger.LogDebug("Pending {Action} #{Sequence} is still on its way; checked next round", entry.Action, entry.Sequence);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Pending {Action} #{Sequence} could not be settled; trying again next round", entry.Action, entry.Sequence);
            }
        }
    }
}
