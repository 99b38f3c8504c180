using Microsoft.AspNetCore.Components.Server.Circuits;

namespace LuccaInbox.Web.Hosting;

/// <summary>
/// Cancelled when the person a page works for is gone: the browser hung up on the prerendering request (App.razor links
/// its RequestAborted), or the circuit's connection dropped. Pages pass <see cref="Token"/> to Lucca reads so a queued
/// read leaves the budget's queue without spending a request. Writes never take it: once sent they are seen through.
/// </summary>
public sealed class CallerCancellation : IDisposable
{
    private CancellationTokenSource _source = new();
    private CancellationTokenRegistration _request;

    public CancellationToken Token => _source.Token;

    public void LinkRequest(CancellationToken requestAborted) => _request = requestAborted.Register(Cancel);

    public void Cancel()
    {
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the scope is already gone
        }
    }

    /// <summary>The connection is back: new work may start (what was cancelled stays cancelled).</summary>
    public void Renew()
    {
        if (!_source.IsCancellationRequested) return;
        _source.Dispose();
        _source = new CancellationTokenSource();
    }

    public void Dispose()
    {
        _request.Dispose();
        _source.Dispose();
    }
}

public sealed class CallerCancellationCircuitHandler(CallerCancellation caller) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        caller.Cancel();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        caller.Renew();
        return Task.CompletedTask;
    }
}
