namespace LuccaInbox.Web.Bulk;

/// <summary>
/// Resumes at start-up the bulk jobs nobody works on, then looks for them again every Bulk:LeaseSeconds / 2 (a job whose
/// instance died is taken over once its lease expires), and on shutdown lets each job finish the item it is on.
/// It resolves the service only once started: the host builds every hosted service before starting the first, and
/// the Lucca client must not be built before the embedded emulator (the first hosted service) has given its address.
/// </summary>
public sealed class BulkBookingResumer(IServiceProvider services) : IHostedService
{
    private BulkBookingService? _bulk;
    private CancellationTokenSource? _checking;
    private Task _checks = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _bulk = services.GetRequiredService<BulkBookingService>();
        await _bulk.ResumeAsync(cancellationToken);
        _checking = CancellationTokenSource.CreateLinkedTokenSource(_bulk.Stopping);
        _checks = CheckAsync(_bulk, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<BulkBookingResumer>>(), _checking.Token);
    }

    private static async Task CheckAsync(BulkBookingService bulk, TimeProvider time, ILogger logger, CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(bulk.LeaseDuration / 2, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await bulk.ResumeAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Could not look for bulk booking jobs nobody works on; trying again");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // the provider went away under a check (a test host): nothing left to check
        }
    }

    // The service as resolved at start: a host stopped after its provider was disposed (a test host) has nothing to ask.
    // A host may stop its services twice (WebApplicationFactory: on StopAsync and again on dispose): the second finds nothing.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _checking, null) is { } checking)
        {
            await checking.CancelAsync();
            await _checks;
            checking.Dispose();
        }
        if (_bulk is not null) await _bulk.StopAsync(cancellationToken);
    }
}
