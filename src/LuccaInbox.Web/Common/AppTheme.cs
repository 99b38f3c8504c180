using MudBlazor;

namespace LuccaInbox.Web.Common;

public static class AppTheme
{
    /// <summary>
    /// Every colour that carries text (white on a filled chip or button, the colour itself on white, an alert's darkened
    /// shade on its tint) has a contrast of at least 4.5:1 (WCAG 2.1 AA, 1.4.3): MudBlazor's defaults for success
    /// (#00c853, 2.2:1), info (#2196f3, 3.1:1), warning (#ff9800, 2.2:1) and error (#f44336, 3.7:1) do not, nor did our
    /// green secondary (#2DBE7E, 2.4:1) or the primary on the active menu item's grey (4.3:1). Checked by AccessibilityTests.
    /// </summary>
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1A5FBF",    // 6.1:1 with white, 5.4:1 on the active menu item's #f0f0f0
            Secondary = "#1B7A50",  // 5.3:1
            Success = "#2E7D32",    // 5.1:1
            Info = "#1565C0",       // 5.8:1
            Warning = "#A85400",    // 5.3:1
            Error = "#C62828",      // 5.6:1 (also the overdue figures and the duplicate chip's text on white)
            AppbarBackground = "#1E3A5F",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
