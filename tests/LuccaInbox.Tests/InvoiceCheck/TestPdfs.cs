using System.Text;
using LuccaInbox.Web.InvoiceCheck;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace LuccaInbox.Tests.InvoiceCheck;

/// <summary>Builds the PDFs and word lists the invoice check tests read.</summary>
internal static class TestPdfs
{
    public const double A4Width = 595, A4Height = 842;

    /// <summary>A text PDF made with PdfPig's own builder: each line is drawn at (x, y) in points from the bottom-left.</summary>
    public static byte[] Text(params (double X, double Y, string Text)[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(A4Width, A4Height);
            foreach (var (x, y, text) in lines)
                page.AddText(text, 10, new PdfPoint(x, y), font);
        }
        return builder.Build();
    }

    /// <summary>PdfPig's builder cannot attach files, so a Factur-X PDF is written by hand: one page of text and one
    /// embedded file in the catalog's EmbeddedFiles name tree (as Factur-X puts it, less the PDF/A parts).</summary>
    public static byte[] WithEmbeddedFile(string fileName, string fileContent, params string[] lines)
    {
        var content = new StringBuilder("BT /F1 10 Tf 50 800 Td 14 TL\n");
        foreach (var line in lines)
            content.Append('(').Append(line.Replace("(", "\\(").Replace(")", "\\)")).Append(") '\n");
        content.Append("ET");
        var file = Encoding.UTF8.GetBytes(fileContent);
        var objects = new List<byte[]>
        {
            Ascii($"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [({fileName}) 5 0 R] >> >> >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Ascii($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4Width} {A4Height}] /Resources << /Font << /F1 4 0 R >> >> /Contents 7 0 R >>"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
            Ascii($"<< /Type /Filespec /F ({fileName}) /UF ({fileName}) /AFRelationship /Data /EF << /F 6 0 R >> >>"),
            Ascii($"<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length {file.Length} >>\nstream\n").Concat(file).Concat(Ascii("\nendstream")).ToArray(),
            Ascii($"<< /Length {content.Length} >>\nstream\n{content}\nendstream"),
        };
        using var pdf = new MemoryStream();
        pdf.Write(Ascii("%PDF-1.7\n"));
        var offsets = new List<long>();
        for (var index = 0; index < objects.Count; index++)
        {
            offsets.Add(pdf.Position);
            pdf.Write(Ascii($"{index + 1} 0 obj\n"));
            pdf.Write(objects[index]);
            pdf.Write(Ascii("\nendobj\n"));
        }
        var xref = pdf.Position;
        pdf.Write(Ascii($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
            pdf.Write(Ascii($"{offset:D10} 00000 n \n"));
        pdf.Write(Ascii($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        return pdf.ToArray();
    }

    static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>An original with just a text layer, one line per row (top in page fractions, 0.02 apart by default);
    /// the words of a row are laid out left to right with one space between them.</summary>
    public static InvoiceOriginal TextLayer(params string[] rows) =>
        new(OriginalKind.TextLayer, null, Words(rows), null);

    public static List<OriginalWord> Words(IEnumerable<string> rows, int page = 1)
    {
        const double CharacterWidth = 0.009, LineHeight = 0.012, SpaceWidth = 0.004;
        var words = new List<OriginalWord>();
        var top = 0.05;
        foreach (var row in rows)
        {
            var left = 0.08;
            foreach (var word in row.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                // A tab inside a row stands for a wide gap, as between a label and its value in a table.
                var parts = word.Split('\t', StringSplitOptions.RemoveEmptyEntries);
                for (var index = 0; index < parts.Length; index++)
                {
                    var width = parts[index].Length * CharacterWidth;
                    words.Add(new OriginalWord(parts[index], new PageBox(page, left, top, width, LineHeight)));
                    left += width + (index < parts.Length - 1 ? 0.15 : SpaceWidth);
                }
            }
            top += 0.02;
        }
        return words;
    }
}
