using MudBlazor;

namespace LuccaInbox.Web.Common;

public static class AppTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1E6FD9",
            Secondary = "#2DBE7E",
            AppbarBackground = "#1E3A5F",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
