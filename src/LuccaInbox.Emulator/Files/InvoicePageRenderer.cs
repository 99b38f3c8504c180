using LuccaInbox.Emulator.Seeding;
using SkiaSharp;
using static LuccaInbox.Emulator.Files.PageGeometry;

namespace LuccaInbox.Emulator.Files;

/// <summary>
/// Draws the seeded paper documents: PNG pages that look like scans (served by the display
/// endpoints) and a vector PDF (the "original" download).
/// </summary>
public static class InvoicePageRenderer
{
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
        canvas.Scale(width / PageWidth);
        canvas.RotateDegrees(ScanAngle(file.FileId, pageNumber), PageWidth / 2, PageHeight / 2);
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

    /// <summary>The original GET /files/{id} serves: a text PDF, with factur-x.xml embedded for a Factur-X original, or
    /// a PDF of page scans (no text layer) for an image-only one.</summary>
    public static byte[] RenderOriginal(SeededFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Original switch
        {
            OriginalKind.FacturX => FacturXPdf.Attach(RenderPdf(file), FacturXInvoice.Write(file.Paper),
                $"{file.Paper.DocumentKind} {file.Paper.Number}", file.Paper.Date),
            OriginalKind.ImageOnly => RenderPdf(file, scanned: true),
            _ => RenderPdf(file),
        };
    }

    /// <summary>All pages as one vector PDF (A4), without the scan effects; <paramref name="scanned"/>: each page is its
    /// PNG scan drawn as a bitmap instead.</summary>
    public static byte[] RenderPdf(SeededFile file, bool scanned = false)
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
                if (scanned)
                {
                    using var image = SKImage.FromEncodedData(RenderPagePng(file, page, 1100));
                    canvas.DrawImage(image, SKRect.Create(pageWidth, pageHeight), new SKSamplingOptions(SKFilterMode.Linear));
                }
                else
                {
                    canvas.Scale(pageWidth / PageWidth);
                    DrawPage(canvas, file, page);
                }
                document.EndPage();
            }

            document.Close();
        }

        return stream.ToArray();
    }

    private static void DrawPage(SKCanvas canvas, SeededFile file, int page)
    {
        using var ink = new Ink(canvas);
        if (page == 1)
        {
            FirstPageLayout.Draw(ink, file.Paper);
        }
        else
        {
            DrawContinuationPage(ink, file.Paper, page);
        }

        DrawRunningFooter(ink, file.Paper, page, file.PageCount);
    }

    /// <summary>Pages after the first: the remaining lines, then the general terms.</summary>
    private static void DrawContinuationPage(Ink ink, PaperInvoice paper, int page)
    {
        var linePages = PaperLayout.PagesForLines(paper.Lines.Count);
        ink.Text(paper.SupplierName, Left, 80, 16, bold: true);
        ink.Text($"{paper.DocumentKind} {paper.Number} (continued)", Right, 80, 11, color: Ink.Grey, align: SKTextAlign.Right);
        ink.Rule(Left, Right, 94, 1f);
        if (page <= linePages)
        {
            var first = PaperLayout.FirstPageLines + (page - 2) * PaperLayout.ContinuationPageLines;
            ink.Text("Detail of lines (continued)", Left, 140, 14, bold: true);
            LineTable.Draw(ink, paper, paper.Lines.Skip(first).Take(PaperLayout.ContinuationPageLines).ToList(), 160);
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

    private static void DrawRunningFooter(Ink ink, PaperInvoice paper, int page, int pageCount)
    {
        var address = string.Join(", ", paper.SupplierAddress.Split('\n'));
        ink.Rule(Left, Right, PageHeight - 62, 0.6f);
        ink.Text($"{paper.SupplierName} · {address}", PageWidth / 2, PageHeight - 44, 9.5f, color: Ink.Grey, align: SKTextAlign.Center);
        ink.Text($"Page {page} / {pageCount}", PageWidth / 2, PageHeight - 28, 10, align: SKTextAlign.Center);
    }

    private static float ScanAngle(Guid fileId, int page)
    {
        var bytes = fileId.ToByteArray();
        return ((bytes[(page * 3) % 16] / 255f) - 0.5f) * 0.7f; // within ±0.35°
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
}
