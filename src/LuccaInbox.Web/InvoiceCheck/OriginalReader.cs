using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace LuccaInbox.Web.InvoiceCheck;

/// <summary>Opens an invoice's file: its embedded Factur-X data if any, and the words of its text layer.</summary>
public static class OriginalReader
{
    public const int MaxPages = 20;
    public const string ImageOnlyProblem = "image-only scan: no text to compare with";

    static readonly HashSet<string> FacturXFileNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml",
    };

    public static InvoiceOriginal Read(byte[] bytes)
    {
        if (!LooksLikePdf(bytes))
            return InvoiceOriginal.Unreadable("not a PDF file");
        try
        {
            using var document = PdfDocument.Open(bytes);
            var words = ReadWords(document);
            var (cii, facturXProblem) = ReadFacturX(document);
            if (cii is not null)
                return new InvoiceOriginal(OriginalKind.FacturX, cii, words, null);
            if (words.Count == 0)
                return new InvoiceOriginal(OriginalKind.ImageOnly, null, words,
                    facturXProblem is null ? ImageOnlyProblem : $"{ImageOnlyProblem}; {facturXProblem}");
            return new InvoiceOriginal(OriginalKind.TextLayer, null, words, facturXProblem);
        }
        catch (Exception e)
        {
            return InvoiceOriginal.Unreadable($"the PDF could not be read: {e.Message}");
        }
    }

    // PDF readers accept the header anywhere in the first kilobyte.
    static bool LooksLikePdf(byte[] bytes) =>
        bytes.AsSpan(0, Math.Min(bytes.Length, 1024)).IndexOf("%PDF-"u8) >= 0;

    static List<OriginalWord> ReadWords(PdfDocument document)
    {
        var words = new List<OriginalWord>();
        for (var pageNumber = 1; pageNumber <= Math.Min(document.NumberOfPages, MaxPages); pageNumber++)
        {
            var page = document.GetPage(pageNumber);
            if (page.Width <= 0 || page.Height <= 0)
                continue;
            foreach (var word in page.GetWords())
            {
                if (string.IsNullOrWhiteSpace(word.Text))
                    continue;
                words.Add(new OriginalWord(word.Text, BoxOnPage(pageNumber, page, word)));
            }
        }
        return words;
    }

    static PageBox BoxOnPage(int pageNumber, Page page, Word word)
    {
        var box = word.BoundingBox;
        static double Fraction(double value) => Math.Clamp(value, 0, 1);
        return PageBox.FromEdges(pageNumber,
            left: Fraction(box.Left / page.Width),
            top: Fraction(1 - box.Top / page.Height),
            right: Fraction(box.Right / page.Width),
            bottom: Fraction(1 - box.Bottom / page.Height));
    }

    static (CiiInvoice? Cii, string? Problem) ReadFacturX(PdfDocument document)
    {
        if (!document.Advanced.TryGetEmbeddedFiles(out var files) || files.Count == 0)
            return (null, null);

        var xmlFiles = files
            .Where(file => file.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(file => FacturXFileNames.Contains(file.Name))
            .ToList();
        string? problem = null;
        foreach (var file in xmlFiles)
        {
            var cii = CiiReader.TryRead(Decode(file.Bytes.ToArray()), out var readProblem);
            if (cii is not null)
                return (cii, null);
            if (FacturXFileNames.Contains(file.Name))
                problem ??= $"broken Factur-X data in {file.Name}: {readProblem}";
        }
        return (null, problem);
    }

    static string Decode(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8,
            detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
