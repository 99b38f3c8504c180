using MudBlazor;

namespace LuccaInbox.Web.Common;

/// <summary>
/// How every dialog of the app answers the keyboard (issue 15): Esc cancels; focus goes to the dialog's element marked
/// <c>data-dialog-focus</c> (its primary action or first field) and back where it was when it closes (wwwroot/app.js,
/// which MudBlazor's own first-child focus would otherwise race); Enter confirms (a focused primary button, or the
/// dialog's <see cref="IsEnter"/> handler on its field).
/// </summary>
public static class DialogKeys
{
    public static Task UseKeyboardAsync(this IMudDialogInstance dialog) =>
        dialog.SetOptionsAsync(dialog.Options with { CloseOnEscapeKey = true, DefaultFocus = DefaultFocus.None });

    /// <summary>Esc on a dialog's field: answered by the field itself, so it works from the first moment the field has the
    /// focus (the dialog's own Esc handling starts only once its options reached the browser).</summary>
    public static bool IsEscape(Microsoft.AspNetCore.Components.Web.KeyboardEventArgs e) => e.Key is "Escape" or "Esc";

    public static bool IsEnter(Microsoft.AspNetCore.Components.Web.KeyboardEventArgs e) =>
        e.Key is "Enter" or "NumpadEnter" && !e.ShiftKey && !e.AltKey && !e.CtrlKey;
}
