using Microsoft.AspNetCore.Components;

namespace LuccaInbox.Web.Common;

/// <summary>
/// A component that also updates from events raised outside its own rendering: a sync of the inbox, a colleague's save,
/// a bulk job's progress, a timer. <see cref="Update(Func{Task})"/> runs such an update on the component's dispatcher and
/// renders it; an exception in it becomes the component's own (<see cref="ComponentBase.DispatchExceptionAsync"/>), so the
/// page's error boundary shows it (<see cref="PageErrorBoundary"/>) instead of a discarded task losing it.
/// </summary>
public abstract class LiveComponentBase : ComponentBase
{
    protected void Update(Func<Task> update) => _ = InvokeAsync(async () =>
    {
        try
        {
            await update();
            StateHasChanged();
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    });

    protected void Update(Action update) => Update(() =>
    {
        update();
        return Task.CompletedTask;
    });
}
