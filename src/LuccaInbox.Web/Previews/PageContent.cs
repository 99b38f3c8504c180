namespace LuccaInbox.Web.Previews;

/// <summary>
/// What a page or display answer from Lucca may be served as. API-FACTS §13 documents no content type for these
/// endpoints, so an answer is only served when its bytes are a PNG, a JPEG or a PDF (magic bytes) and the declared
/// content type does not say otherwise; it is then served with the type its bytes prove. Anything else (an HTML
/// error page answered with 200, unknown bytes, a "text/html" PNG polyglot) is refused: never sent to a browser as an
/// image, and never as text/html.
/// </summary>
public static class PageContent
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Pdf = "application/pdf";

    private static ReadOnlySpan<byte> PngMagic => [0x89, (byte)'P', (byte)'N', (byte)'G'];
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    /// <summary>The type the bytes prove, or null when they are none of the three.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(PngMagic) ? Png
        : bytes.StartsWith(JpegMagic) ? Jpeg
        : bytes.StartsWith("%PDF-"u8) ? Pdf
        : null;

    /// <summary>The type to serve, or null to refuse: the bytes decide, and the declared type must agree or say nothing.</summary>
    public static string? Recognise(string? declaredContentType, ReadOnlySpan<byte> bytes)
    {
        var sniffed = Sniff(bytes);
        var declared = declaredContentType?.Trim().ToLowerInvariant();
        return sniffed is not null && (declared is null or "application/octet-stream" || Agrees(declared, sniffed)) ? sniffed : null;
    }

    private static bool Agrees(string declared, string sniffed) => sniffed switch
    {
        Png => declared is Png or "image/x-png",
        Jpeg => declared is Jpeg or "image/jpg" or "image/pjpeg",
        _ => declared is Pdf or "application/x-pdf",
    };
}
