using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace LuccaInbox.Web.Common;

/// <summary>
/// A component that also updates from events raised outside its own rendering: a sync of the inbox, a colleague's save,
/// a bulk job's progress, a timer. <see cref="Update(Func{Task})"/> runs such an update on the component's dispatcher and
/// renders it; an exception in it becomes the component's own (<see cref="ComponentBase.DispatchExceptionAsync"/>), so the
/// page's error boundary shows it (<see cref="PageErrorBoundary"/>) instead of a discarded task losing it.
/// </summary>
/// <remarks>
/// Every update renders in the viewer's culture. An event raised by another circuit (a colleague opens or saves a
/// document) runs its handlers with that colleague's culture; <see cref="InvokeAsync(Action)"/> carries it over. So the
/// culture this component was first rendered with (the viewer's request: RequestLocalization) is kept here and set
/// again for the update and the render it causes.
/// </remarks>
public abstract class LiveComponentBase : ComponentBase
{
    private CultureInfo? _culture;
    private CultureInfo? _uiCulture;

    /// <summary>Keeps the viewer's culture (call base when overriding).</summary>
    public override Task SetParametersAsync(ParameterView parameters)
    {
        _culture ??= CultureInfo.CurrentCulture;
        _uiCulture ??= CultureInfo.CurrentUICulture;
        return base.SetParametersAsync(parameters);
    }

    protected void Update(Func<Task> update) => _ = InvokeAsync(async () =>
    {
        if (_culture is not null) CultureInfo.CurrentCulture = _culture;
        if (_uiCulture is not null) CultureInfo.CurrentUICulture = _uiCulture;
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
