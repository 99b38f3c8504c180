namespace LuccaInbox.Emulator.Seeding;

/// <summary>An attachment of a document: its id in the API and the scanned file behind it.</summary>
internal sealed record Attachment(int Id, SeededFile File);

/// <summary>The scanned files behind every attachment, in the order they were added; attachment ids start at 300001.</summary>
internal sealed class ScannedFiles(Random rnd)
{
    private static readonly (int, double)[] ExtraTermsPages = [(0, 72), (1, 22), (2, 6)];
    private readonly List<SeededFile> all = [];
    private int nextAttachmentId = 300001;

    public IReadOnlyList<SeededFile> All => all;

    /// <summary>Adds the scanned files of one document: the document itself, then for ~22 % of
    /// invoices one or two delivery notes.</summary>
    public List<Attachment> AddFor(PaperInvoice paper, bool credit, OriginalKind original)
    {
        var name = (credit ? "avoir_" : "facture_") + new string(paper.Number.Where(char.IsAsciiLetterOrDigit).ToArray()) + ".pdf";
        var pages = Math.Min(4, PaperLayout.PagesForLines(paper.Lines.Count) + rnd.Pick(ExtraTermsPages));
        var added = new List<Attachment> { Add(new SeededFile(NewGuid(), name, pages, paper, original)) };
        var extra = credit ? 0 : rnd.NextDouble() < 0.22 ? (rnd.NextDouble() < 0.25 ? 2 : 1) : 0;
        for (var k = 0; k < extra; k++)
        {
            var note = DeliveryNote(paper);
            added.Add(Add(new SeededFile(NewGuid(), $"bon_livraison_{note.Number}.pdf", 1, note)));
        }

        return added;
    }

    private Attachment Add(SeededFile file)
    {
        all.Add(file);
        return new Attachment(nextAttachmentId++, file);
    }

    private PaperInvoice DeliveryNote(PaperInvoice invoice)
    {
        var lines = invoice.Lines.Take(PaperLayout.FirstPageLines)
            .Select(line => new PaperLine(line.Description, line.Quantity, 0m, 0m)).ToList();
        return invoice with
        {
            DocumentKind = "DELIVERY NOTE", Number = $"BL-{invoice.Date:yyMM}-{rnd.Next(1000, 99999):00000}",
            Date = invoice.Date.AddDays(-rnd.Next(0, 6)), DueDate = null, SupplierIban = null, SupplierBic = null,
            Lines = lines, Vat = [], TotalExcludingTaxes = 0m, TotalIncludingTaxes = 0m,
        };
    }

    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        rnd.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (little-endian field layout)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
