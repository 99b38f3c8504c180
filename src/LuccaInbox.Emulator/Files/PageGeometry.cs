namespace LuccaInbox.Emulator.Files;

/// <summary>Everything is laid out on a 900-unit wide A4 page, then scaled to the size asked for.</summary>
internal static class PageGeometry
{
    public const float PageWidth = 900f;
    public const float PageHeight = PageWidth * 1.414f; // A4 ratio
    public const float Left = 60f, Right = PageWidth - 60f;
}
