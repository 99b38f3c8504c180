using System.Globalization;
using LuccaInbox.Emulator.Seeding;
using SkiaSharp;
using static LuccaInbox.Emulator.Files.PageGeometry;

namespace LuccaInbox.Emulator.Files;

/// <summary>Page 1 of a document: supplier and document header, the addressee, the first lines, then VAT, totals
/// and payment details (on a delivery note, boxes to sign the receipt).</summary>
internal static class FirstPageLayout
{
    public static void Draw(Ink ink, PaperInvoice paper)
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

        if (paper.SupplierVatNumber is { } vatNumber)
        {
            ink.Text($"VAT no. {vatNumber}", Left, y, 11.5f, color: Ink.Grey);
        }

        ink.Text(paper.DocumentKind, Right, 86, 28, bold: true, align: SKTextAlign.Right);
        var label = delivery ? "Delivery note no." : credit ? "Credit note no." : "Invoice no.";
        KeyValue(ink, label, paper.Number, 124);
        KeyValue(ink, "Date", Printed.Date(paper.Date), 144);
        if (!delivery)
        {
            KeyValue(ink, "Due date", paper.DueDate is { } due ? Printed.Date(due) : "On receipt", 164);
        }

        ink.Box(500, 196, Right, 292);
        ink.Text(delivery ? "DELIVER TO" : "BILL TO", 512, 214, 9.5f, bold: true, color: Ink.Grey);
        ink.Text(paper.CustomerName, 512, 236, 14, bold: true);
        ink.Text(delivery ? "Goods reception" : "Accounts payable", 512, 254, 11.5f);
        ink.Text("27 rue du Faubourg Montmartre", 512, 270, 11.5f);
        ink.Text("75009 Paris, France", 512, 286, 11.5f);

        var shown = paper.Lines.Take(PaperLayout.FirstPageLines).ToList();
        var tableEnd = LineTable.Draw(ink, paper, shown, 330);
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
            ink.Text($"{vat.Rate.ToString("0.##", CultureInfo.InvariantCulture)} %", Left + 8, y + 17, 11);
            ink.Text(Printed.Number(vat.Base, paper.Currency), 290, y + 17, 11, align: SKTextAlign.Right);
            ink.Text(Printed.Number(vat.Amount, paper.Currency), 412, y + 17, 11, align: SKTextAlign.Right);
            y += 22;
        }
    }

    private static void DrawTotals(Ink ink, PaperInvoice paper, bool credit, float top)
    {
        var vat = paper.Vat.Sum(v => v.Amount);
        ink.Text("Total excl. tax", 520, top + 12, 12, color: Ink.Grey);
        ink.Text(Printed.Amount(paper.TotalExcludingTaxes, paper.Currency), Right, top + 12, 12, align: SKTextAlign.Right);
        ink.Text("VAT", 520, top + 34, 12, color: Ink.Grey);
        ink.Text(Printed.Amount(vat, paper.Currency), Right, top + 34, 12, align: SKTextAlign.Right);
        ink.Fill(510, top + 46, Right + 6, top + 76, new SKColor(0xE4, 0xE4, 0xE0));
        ink.Text(credit ? "Total credit incl. tax" : "Total incl. tax", 520, top + 66, 13, bold: true);
        ink.Text(Printed.Amount(paper.TotalIncludingTaxes, paper.Currency), Right, top + 66, 14, bold: true, align: SKTextAlign.Right);
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
            : $"{(paper.DueDate is { } due ? $"Payment due by {Printed.Date(due)}." : "Payable on receipt.")} Please quote reference {paper.Number} with your payment.";
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
}
