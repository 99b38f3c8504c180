namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>A rectangle on a page in fractions of the page (0..1), origin top-left, so the UI can draw it over the page image.
/// <see cref="Page"/> is 1-based.</summary>
public sealed record PageBox(int Page, double Left, double Top, double Width, double Height)
{
    public double Right => Left + Width;
    public double Bottom => Top + Height;

    public PageBox Union(PageBox other) =>
        other.Page != Page ? this : FromEdges(Page, Math.Min(Left, other.Left), Math.Min(Top, other.Top),
            Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));

    public static PageBox FromEdges(int page, double left, double top, double right, double bottom) =>
        new(page, left, top, right - left, bottom - top);
}

public sealed record OriginalWord(string Text, PageBox Box);

public enum OriginalKind { FacturX, TextLayer, ImageOnly, Unreadable }

/// <summary>What could be read from an invoice's file: its Factur-X data if any, and its words with their places.</summary>
public sealed record InvoiceOriginal(OriginalKind Kind, CiiInvoice? Cii, IReadOnlyList<OriginalWord> Words, string? Problem)
{
    public static InvoiceOriginal Unreadable(string problem) => new(OriginalKind.Unreadable, null, [], problem);
}
