using SkiaSharp;

namespace LuccaInbox.Emulator.Files;

/// <summary>
/// Fonts, paints and the few drawing primitives an invoice needs. Only the embedded DejaVu fonts are used: the
/// machine has no fontconfig, so the default typeface would draw no text at all.
/// </summary>
internal sealed class Ink(SKCanvas canvas) : IDisposable
{
    private static readonly Lazy<SKTypeface> Regular = new(() => LoadTypeface(".DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> Bold = new(() => LoadTypeface(".DejaVuSans-Bold.ttf"));

    public static readonly SKColor Black = new(0x1E, 0x1E, 0x1E);
    public static readonly SKColor Grey = new(0x66, 0x66, 0x66);
    public static readonly SKColor LightGrey = new(0xCC, 0xCC, 0xC8);
    private readonly SKPaint fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, Color = Black };
    private readonly Dictionary<(float, bool, bool), SKFont> fonts = [];

    public void Text(string text, float x, float y, float size, bool bold = false, SKColor? color = null,
        SKTextAlign align = SKTextAlign.Left, bool italic = false)
    {
        fill.Color = color ?? Black;
        canvas.DrawText(text, x, y, align, Font(size, bold, italic), fill);
    }

    /// <summary>Word-wraps a paragraph; returns the baseline after its last line.</summary>
    public float Paragraph(string text, float x, float y, float width, float size, SKColor? color = null)
    {
        var font = Font(size, false, false);
        var line = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (font.MeasureText(candidate) > width && line.Length > 0)
            {
                Text(line, x, y, size, color: color);
                y += size * 1.5f;
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        Text(line, x, y, size, color: color);
        return y + size * 1.5f;
    }

    /// <summary>Shortens text with an ellipsis so it fits in the given width.</summary>
    public string Fit(string text, float size, float width)
    {
        var font = Font(size, false, false);
        if (font.MeasureText(text) <= width)
        {
            return text;
        }

        var end = text.Length;
        while (end > 1 && font.MeasureText(text[..end] + "…") > width)
        {
            end--;
        }

        return text[..end] + "…";
    }

    public void Rule(float x1, float x2, float y, float width, SKColor? color = null)
    {
        stroke.StrokeWidth = width;
        stroke.Color = color ?? Black;
        canvas.DrawLine(x1, y, x2, y, stroke);
    }

    public void Box(float x1, float y1, float x2, float y2)
    {
        stroke.StrokeWidth = 0.8f;
        stroke.Color = Grey;
        canvas.DrawRect(SKRect.Create(x1, y1, x2 - x1, y2 - y1), stroke);
    }

    public void Fill(float x1, float y1, float x2, float y2, SKColor color)
    {
        fill.Color = color;
        canvas.DrawRect(SKRect.Create(x1, y1, x2 - x1, y2 - y1), fill);
    }

    private SKFont Font(float size, bool bold, bool italic)
    {
        if (!fonts.TryGetValue((size, bold, italic), out var font))
        {
            font = new SKFont(bold ? Bold.Value : Regular.Value, size, 1f, italic ? -0.2f : 0f)
            {
                Edging = SKFontEdging.Antialias, Subpixel = true,
            };
            fonts[(size, bold, italic)] = font;
        }

        return font;
    }

    public void Dispose()
    {
        fill.Dispose();
        stroke.Dispose();
        foreach (var font in fonts.Values)
        {
            font.Dispose();
        }
    }

    private static SKTypeface LoadTypeface(string suffix)
    {
        var assembly = typeof(Ink).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(suffix, StringComparison.Ordinal));
        using var resource = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing embedded font {name}.");
        using var buffer = new MemoryStream();
        resource.CopyTo(buffer);
        // A native memory stream (rather than the managed resource stream) keeps glyph loading thread-safe.
        return SKTypeface.FromStream(new SKMemoryStream(buffer.ToArray()))
            ?? throw new InvalidOperationException($"Could not load embedded font {name}.");
    }
}
