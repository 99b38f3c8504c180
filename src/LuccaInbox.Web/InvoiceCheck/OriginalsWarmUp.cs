using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.Previews;

namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>
/// Every <c>InvoiceCheck:WarmUpSeconds</c> (default 30; 0 turns it off), reads a few more inbox originals within the
/// prefetch share (<see cref="PreviewPrefetch.WarmOriginalsAsync"/>), so the grid can flag documents whose fields differ
/// from the invoice before anyone opens them. At the default 50 requests a minute and a fifth of it, that is 10 originals
/// a minute at most, and none while people need the budget.
/// </summary>
public sealed class OriginalsWarmUp(IServiceProvider services, IConfiguration configuration, TimeProvider time, ILogger<OriginalsWarmUp> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("InvoiceCheck:WarmUpSeconds", 30);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Resolved once the host has started: the Lucca client points at the embedded emulator only from then on.
            var inbox = services.GetRequiredService<InboxService>();
            var prefetch = services.GetRequiredService<PreviewPrefetch>();
            if (inbox.Current.SyncedAt is null) continue; // nobody has asked for the inbox yet: nothing to warm
            try
            {
                await prefetch.WarmOriginalsAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reading originals ahead failed; trying again later");
            }
        }
    }
}
