using System.Globalization;
using LuccaInbox.Emulator.Seeding;
using SkiaSharp;
using static LuccaInbox.Emulator.Files.PageGeometry;

namespace LuccaInbox.Emulator.Files;

/// <summary>The table of printed lines, on the first page and on continuation pages. A delivery note prints
/// quantities only.</summary>
internal static class LineTable
{
    private const float RowHeight = 24f;

    /// <summary>Draws the header row, then <paramref name="lines"/>; returns the y below the last row.</summary>
    public static float Draw(Ink ink, PaperInvoice paper, IReadOnlyList<PaperLine> lines, float top)
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
            var quantity = line.Quantity.ToString("#,0.##", CultureInfo.InvariantCulture);
            if (delivery)
            {
                ink.Text(quantity, 690, y + 17, 11.5f, align: SKTextAlign.Right);
                ink.Text(quantity, Right - 8, y + 17, 11.5f, align: SKTextAlign.Right);
            }
            else
            {
                ink.Text(quantity, 560, y + 17, 11.5f, align: SKTextAlign.Right);
                ink.Text(Printed.Number(line.UnitPrice, paper.Currency), 690, y + 17, 11.5f, align: SKTextAlign.Right);
                ink.Text(Printed.Number(line.Amount, paper.Currency), Right - 8, y + 17, 11.5f, align: SKTextAlign.Right);
            }

            y += RowHeight;
            ink.Rule(Left, Right, y, 0.5f, Ink.LightGrey);
        }

        return y;
    }
}
