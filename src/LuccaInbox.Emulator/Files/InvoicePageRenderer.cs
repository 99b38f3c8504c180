using System.Globalization;
using LuccaInbox.Emulator.Seeding;
using SkiaSharp;

namespace LuccaInbox.Emulator.Files;

/// <summary>
/// Draws the seeded paper documents: PNG pages that look like scans (served by the display
/// endpoints) and a vector PDF (the "original" download). Everything is laid out on a 900-unit
/// wide A4 page and scaled to the requested size. Only the embedded DejaVu fonts are used: the
/// machine has no fontconfig, so the default typeface would draw no text at all.
/// </summary>
public static class InvoicePageRenderer
{
    private const float W = 900f;                 // design width
    private const float H = W * 1.414f;           // design height (A4 ratio)
    private const float Left = 60f, Right = W - 60f;
    private const float RowHeight = 24f;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly Lazy<SKTypeface> Regular = new(() => LoadTypeface(".DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> Bold = new(() => LoadTypeface(".DejaVuSans-Bold.ttf"));
    private static readonly Lazy<SKImage> NoiseTile = new(CreateNoiseTile);

    /// <summary>Renders one page (1-based) as a PNG "scan"; height = width × 1.414.</summary>
    public static byte[] RenderPagePng(SeededFile file, int pageNumber, int width = 900)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageNumber, file.PageCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 4000);

        var height = (int)Math.Round(width * 1.414);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Could not allocate a raster surface.");
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(0xFB, 0xF9, 0xF3)); // off-white paper
        canvas.Save();
        canvas.Scale(width / W);
        canvas.RotateDegrees(ScanAngle(file.FileId, pageNumber), W / 2, H / 2);
        DrawPage(canvas, file, pageNumber);
        canvas.Restore();
        using (var noise = new SKPaint { Shader = NoiseTile.Value.ToShader(SKShaderTileMode.Repeat, SKShaderTileMode.Repeat) })
        {
            canvas.DrawRect(0, 0, width, height, noise);
        }

        using var pixmap = surface.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, 3))
            ?? throw new InvalidOperationException("PNG encoding failed.");
        return data.ToArray();
    }

    /// <summary>All pages as one vector PDF (A4), without the scan effects.</summary>
    public static byte[] RenderPdf(SeededFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var stream = new MemoryStream();
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = $"{file.Paper.DocumentKind} {file.Paper.Number}";
        metadata.Author = file.Paper.SupplierName;
        metadata.Creator = "LuccaInbox emulator";
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            // The PDF backend is compiled into SkiaSharp's native library; should a build ship without
            // it, CreatePdf returns null and the first page is served as a PNG instead.
            if (document is null)
            {
                return RenderPagePng(file, 1);
            }

            const float pageWidth = 595.28f, pageHeight = 841.89f; // A4 in points
            for (var page = 1; page <= file.PageCount; page++)
            {
                var canvas = document.BeginPage(pageWidth, pageHeight);
                canvas.Scale(pageWidth / W);
                DrawPage(canvas, file, page);
                document.EndPage();
            }

            document.Close();
        }

        return stream.ToArray();
    }

    private static void DrawPage(SKCanvas canvas, SeededFile file, int page)
    {
        using var ink = new Ink(canvas);
        var paper = file.Paper;
        var linePages = PaperLayout.PagesForLines(paper.Lines.Count);
        if (page == 1)
        {
            DrawFirstPage(ink, paper);
        }
        else
        {
            ink.Text(paper.SupplierName, Left, 80, 16, bold: true);
            ink.Text($"{paper.DocumentKind} {paper.Number} (continued)", Right, 80, 11, color: Ink.Grey, align: SKTextAlign.Right);
            ink.Rule(Left, Right, 94, 1f);
            if (page <= linePages)
            {
                var first = PaperLayout.FirstPageLines + (page - 2) * PaperLayout.ContinuationPageLines;
                ink.Text("Detail of lines (continued)", Left, 140, 14, bold: true);
                DrawLineTable(ink, paper, paper.Lines.Skip(first).Take(PaperLayout.ContinuationPageLines).ToList(), 160);
            }
            else
            {
                var part = page - linePages; // 1 = first terms page
                ink.Text(part == 1 ? "General terms and conditions" : "General terms and conditions (continued)", Left, 140, 16, bold: true);
                var y = 180f;
                foreach (var paragraph in part == 1 ? Terms[..6] : Terms[6..])
                {
                    y = ink.Paragraph(paragraph, Left, y, Right - Left, 11.5f) + 12;
                }
            }
        }

        var address = string.Join(", ", paper.SupplierAddress.Split('\n'));
        ink.Rule(Left, Right, H - 62, 0.6f);
        ink.Text($"{paper.SupplierName} · {address}", W / 2, H - 44, 9.5f, color: Ink.Grey, align: SKTextAlign.Center);
        ink.Text($"Page {page} / {file.PageCount}", W / 2, H - 28, 10, align: SKTextAlign.Center);
    }

    private static void DrawFirstPage(Ink ink, PaperInvoice paper)
    {
        var delivery = paper.DocumentKind == "DELIVERY NOTE";
        var credit = paper.DocumentKind == "CREDIT NOTE";
        ink.Text(paper.SupplierName, Left, 84, 22, bold: true);
        var y = 108f;
        foreach (var line in paper.SupplierAddress.Split('\n'))
        {
            ink.Text(line, Left, y, 11.5f, color: Ink.Grey);
            y += 17;
        }

        ink.Text(paper.DocumentKind, Right, 86, 28, bold: true, align: SKTextAlign.Right);
        var label = delivery ? "Delivery note no." : credit ? "Credit note no." : "Invoice no.";
        KeyValue(ink, label, paper.Number, 124);
        KeyValue(ink, "Date", FormatDate(paper.Date), 144);
        if (!delivery)
        {
            KeyValue(ink, "Due date", paper.DueDate is { } due ? FormatDate(due) : "On receipt", 164);
        }

        ink.Box(500, 196, Right, 292);
        ink.Text(delivery ? "DELIVER TO" : "BILL TO", 512, 214, 9.5f, bold: true, color: Ink.Grey);
        ink.Text(paper.CustomerName, 512, 236, 14, bold: true);
        ink.Text(delivery ? "Goods reception" : "Accounts payable", 512, 254, 11.5f);
        ink.Text("27 rue du Faubourg Montmartre", 512, 270, 11.5f);
        ink.Text("75009 Paris, France", 512, 286, 11.5f);

        var shown = paper.Lines.Take(PaperLayout.FirstPageLines).ToList();
        var tableEnd = DrawLineTable(ink, paper, shown, 330);
        if (paper.Lines.Count > shown.Count)
        {
            ink.Text($"… {paper.Lines.Count - shown.Count} more lines, detailed on the following page(s). Totals below cover all lines.",
                Left + 8, tableEnd + 18, 10.5f, color: Ink.Grey, italic: true);
            tableEnd += 24;
        }

        if (delivery)
        {
            DrawDeliveryFooter(ink, tableEnd + 40);
            return;
        }

        DrawVat(ink, paper, tableEnd + 36);
        DrawTotals(ink, paper, credit, tableEnd + 36);
        DrawPayment(ink, paper, credit, 1010);
    }

    private static void KeyValue(Ink ink, string key, string value, float y)
    {
        ink.Text(key, 560, y, 11.5f, color: Ink.Grey);
        ink.Text(value, Right, y, 12, bold: true, align: SKTextAlign.Right);
    }

    private static float DrawLineTable(Ink ink, PaperInvoice paper, IReadOnlyList<PaperLine> lines, float top)
    {
        var delivery = paper.DocumentKind == "DELIVERY NOTE";
        ink.Fill(Left, top, Right, top + 26, new SKColor(0xE4, 0xE4, 0xE0));
        var headers = delivery ? new[] { "Description", "", "Qty ordered", "Qty delivered" } : ["Description", "Qty", "Unit price", "Amount"];
        ink.Text(headers[0], Left + 8, top + 18, 11, bold: true);
        ink.Text(headers[1], 560, top + 18, 11, bold: true, align: SKTextAlign.Right);
        ink.Text(headers[2], 690, top + 18, 11, bold: true, align: SKTextAlign.Right);
        ink.Text(headers[3], Right - 8, top + 18, 11, bold: true, align: SKTextAlign.Right);
        var y = top + 26;
        foreach (var line in lines)
        {
            ink.Text(ink.Fit(line.Description, 11.5f, delivery ? 560 : 440), Left + 8, y + 17, 11.5f);
            var quantity = line.Quantity.ToString("#,0.##", Inv);
            if (delivery)
            {
                ink.Text(quantity, 690, y + 17, 11.5f, align: SKTextAlign.Right);
                ink.Text(quantity, Right - 8, y + 17, 11.5f, align: SKTextAlign.Right);
            }
            else
            {
                ink.Text(quantity, 560, y + 17, 11.5f, align: SKTextAlign.Right);
                ink.Text(Number(line.UnitPrice, paper.Currency), 690, y + 17, 11.5f, align: SKTextAlign.Right);
                ink.Text(Number(line.Amount, paper.Currency), Right - 8, y + 17, 11.5f, align: SKTextAlign.Right);
            }

            y += RowHeight;
            ink.Rule(Left, Right, y, 0.5f, Ink.LightGrey);
        }

        return y;
    }

    private static void DrawVat(Ink ink, PaperInvoice paper, float top)
    {
        if (paper.Vat.Count == 0)
        {
            ink.Paragraph("VAT: reverse charge, intra-community supply. VAT due by the customer (article 196 of Directive 2006/112/EC).",
                Left, top + 14, 380, 10.5f);
            return;
        }

        ink.Text("VAT breakdown", Left, top + 12, 11.5f, bold: true);
        ink.Fill(Left, top + 20, 420, top + 42, new SKColor(0xEE, 0xEE, 0xEA));
        ink.Text("Rate", Left + 8, top + 36, 10.5f, bold: true);
        ink.Text("Base", 290, top + 36, 10.5f, bold: true, align: SKTextAlign.Right);
        ink.Text("VAT", 412, top + 36, 10.5f, bold: true, align: SKTextAlign.Right);
        var y = top + 42;
        foreach (var vat in paper.Vat)
        {
            ink.Text($"{vat.Rate.ToString("0.##", Inv)} %", Left + 8, y + 17, 11);
            ink.Text(Number(vat.Base, paper.Currency), 290, y + 17, 11, align: SKTextAlign.Right);
            ink.Text(Number(vat.Amount, paper.Currency), 412, y + 17, 11, align: SKTextAlign.Right);
            y += 22;
        }
    }

    private static void DrawTotals(Ink ink, PaperInvoice paper, bool credit, float top)
    {
        var vat = paper.Vat.Sum(v => v.Amount);
        ink.Text("Total excl. tax", 520, top + 12, 12, color: Ink.Grey);
        ink.Text(Amount(paper.TotalExcludingTaxes, paper.Currency), Right, top + 12, 12, align: SKTextAlign.Right);
        ink.Text("VAT", 520, top + 34, 12, color: Ink.Grey);
        ink.Text(Amount(vat, paper.Currency), Right, top + 34, 12, align: SKTextAlign.Right);
        ink.Fill(510, top + 46, Right + 6, top + 76, new SKColor(0xE4, 0xE4, 0xE0));
        ink.Text(credit ? "Total credit incl. tax" : "Total incl. tax", 520, top + 66, 13, bold: true);
        ink.Text(Amount(paper.TotalIncludingTaxes, paper.Currency), Right, top + 66, 14, bold: true, align: SKTextAlign.Right);
    }

    private static void DrawPayment(Ink ink, PaperInvoice paper, bool credit, float top)
    {
        ink.Rule(Left, Right, top, 1f);
        ink.Text("Payment details", Left, top + 24, 12.5f, bold: true);
        var y = top + 46;
        if (paper.SupplierIban is { } iban)
        {
            ink.Text(credit ? "This credit note will be offset against your next payment, or refunded on request. Our bank details:" : "Please pay by bank transfer to:", Left, y, 11.5f);
            ink.Text("IBAN", Left, y + 22, 11.5f, color: Ink.Grey);
            ink.Text(string.Join(' ', iban.Chunk(4).Select(c => new string(c))), Left + 60, y + 22, 12.5f, bold: true);
            ink.Text("BIC", Left, y + 42, 11.5f, color: Ink.Grey);
            ink.Text(paper.SupplierBic ?? "", Left + 60, y + 42, 12.5f, bold: true);
            y += 66;
        }
        else
        {
            ink.Text("Charged to the payment card registered on your account. No transfer required.", Left, y, 11.5f);
            y += 22;
        }

        var terms = credit ? $"Please quote reference {paper.Number} when offsetting this credit."
            : $"{(paper.DueDate is { } due ? $"Payment due by {FormatDate(due)}." : "Payable on receipt.")} Please quote reference {paper.Number} with your payment.";
        ink.Text(terms, Left, y, 11.5f);
        ink.Paragraph("Late payment: penalties at three times the legal interest rate and a fixed recovery fee of 40 EUR. No discount for early payment.",
            Left, y + 22, Right - Left, 9.5f, Ink.Grey);
    }

    private static void DrawDeliveryFooter(Ink ink, float top)
    {
        ink.Text("Goods received in good condition, subject to the reservations noted below.", Left, top, 11.5f);
        foreach (var (label, x) in new[] { ("Received by", Left), ("Date", 330f), ("Signature and stamp", 600f) })
        {
            ink.Box(x, top + 20, x + 240, top + 110);
            ink.Text(label, x + 8, top + 38, 10, color: Ink.Grey);
        }
    }

    private static string FormatDate(DateOnly date) => date.ToString("dd MMM yyyy", Inv);

    private static string Number(decimal value, string currency) =>
        value.ToString(InvoiceSeeder.DecimalsOf(currency) == 0 ? "N0" : "N2", Inv);

    private static string Amount(decimal value, string currency) => $"{Number(value, currency)} {currency}";

    private static float ScanAngle(Guid fileId, int page)
    {
        var bytes = fileId.ToByteArray();
        return ((bytes[(page * 3) % 16] / 255f) - 0.5f) * 0.7f; // within ±0.35°
    }

    private static SKTypeface LoadTypeface(string suffix)
    {
        var assembly = typeof(InvoicePageRenderer).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(suffix, StringComparison.Ordinal));
        using var resource = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing embedded font {name}.");
        using var buffer = new MemoryStream();
        resource.CopyTo(buffer);
        // A native memory stream (rather than the managed resource stream) keeps glyph loading thread-safe.
        return SKTypeface.FromStream(new SKMemoryStream(buffer.ToArray()))
            ?? throw new InvalidOperationException($"Could not load embedded font {name}.");
    }

    // Sparse grey specks, tiled over the page to look like a scan.
    private static SKImage CreateNoiseTile()
    {
        const int size = 256;
        var random = new Random(20211119);
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var roll = random.NextDouble();
                var alpha = roll < 0.002 ? random.Next(60, 140) : roll < 0.05 ? random.Next(6, 22) : 0;
                bitmap.SetPixel(x, y, new SKColor(40, 40, 40, (byte)alpha));
            }
        }

        return SKImage.FromBitmap(bitmap);
    }

    private static readonly string[] Terms =
    [
        "1. Orders. Any order implies acceptance of these general terms and conditions, which prevail over the customer's own purchasing conditions unless agreed otherwise in writing.",
        "2. Prices. Prices are stated excluding taxes, in the currency shown on the invoice. VAT is charged at the rate in force on the date of the taxable event.",
        "3. Payment terms. Unless otherwise stated on the front page, invoices are payable by bank transfer within the term indicated, without discount for early payment.",
        "4. Late payment. Any amount unpaid at its due date bears interest at three times the legal interest rate, plus a fixed recovery indemnity of 40 EUR (articles L441-10 and D441-5 of the French Commercial Code).",
        "5. Retention of title. Goods remain our property until full payment of the price. Risks pass to the customer upon delivery.",
        "6. Claims. Any claim regarding a delivery or an invoice must be made in writing within eight days of receipt. Past that date, the delivery is deemed accepted.",
        "7. Warranty. Products are covered by the manufacturer's warranty. The warranty does not cover damage resulting from misuse, negligence or normal wear.",
        "8. Force majeure. Neither party is liable for a delay or failure caused by events beyond its reasonable control.",
        "9. Confidentiality. Prices and conditions in this document are confidential and may not be disclosed to third parties.",
        "10. Personal data. Data collected to process orders is handled in accordance with the GDPR. You may exercise your rights by writing to our registered office.",
        "11. Disputes. These terms are governed by French law. Any dispute falls under the exclusive jurisdiction of the commercial court of the supplier's registered office.",
    ];

    /// <summary>Small drawing helper: fonts, paints and the few primitives an invoice needs.</summary>
    private sealed class Ink(SKCanvas canvas) : IDisposable
    {
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
    }
}
