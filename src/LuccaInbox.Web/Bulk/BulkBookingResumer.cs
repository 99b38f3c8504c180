namespace LuccaInbox.Web.Bulk;

/// <summary>
/// Resumes at start-up the bulk jobs a previous run left Running, and on shutdown lets each finish the item it is on.
/// It resolves the service only once started: the host builds every hosted service before starting the first, and
/// the Lucca client must not be built before the embedded emulator (the first hosted service) has given its address.
/// </summary>
public sealed class BulkBookingResumer(IServiceProvider services) : IHostedService
{
    private BulkBookingService? _bulk;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _bulk = services.GetRequiredService<BulkBookingService>();
        return _bulk.ResumeAsync(cancellationToken);
    }

    // The service as resolved at start: a host stopped after its provider was disposed (a test host) has nothing to ask.
    public Task StopAsync(CancellationToken cancellationToken) => _bulk?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
