namespace LuccaInbox.Emulator.Seeding;

/// <summary>Draws invoices and credit notes from the catalogue: lines, VAT rows, totals and each supplier's own numbering.</summary>
internal sealed class InvoicePaperFactory(Random rnd)
{
    private static readonly (int, double)[] LineCounts = [(1, 30), (2, 25), (3, 18), (4, 12), (5, 8), (6, 4), (7, 2), (8, 1)];

    // Long documents (13+ lines) only use the cheaper items, so their totals stay realistic.
    private static readonly Dictionary<Category, CatalogueItem[]> CheapItems = SupplierCatalogue.Items.ToDictionary(pair => pair.Key, pair =>
        pair.Value.Where(item => item.High <= 200).DefaultIfEmpty(pair.Value.MinBy(item => item.High)!).ToArray());

    public PaperInvoice Build(Supplier supplier, bool credit, DateOnly date)
    {
        var def = supplier.Def;
        var (lines, rates) = BuildLines(def, credit);
        var vat = new List<PaperVat>(2);
        if (!def.IntraCommunity)
        {
            foreach (var rate in rates.Distinct().OrderDescending())
            {
                var taxBase = 0m;
                for (var k = 0; k < lines.Count; k++)
                {
                    taxBase += rates[k] == rate ? lines[k].Amount : 0m;
                }

                vat.Add(new PaperVat(rate, taxBase, InvoiceSeeder.Round(taxBase * rate / 100m, def.Currency)));
            }
        }

        var excluding = lines.Sum(line => line.Amount);
        DateOnly? due = rnd.NextDouble() < 0.05 ? null : date.AddDays(30 + 15 * rnd.Next(3));
        return new PaperInvoice(def.Name, def.Address, supplier.Iban, supplier.Bic, credit ? "CREDIT NOTE" : "INVOICE",
            NextNumber(supplier, credit, date), date, due, def.Currency, lines, vat,
            excluding, excluding + vat.Sum(v => v.Amount), InvoiceSeeder.CustomerName) { SupplierVatNumber = supplier.VatNumber };
    }

    // Spreads a log-uniform target (≈15 to 20,000, scaled for SEK/JPY) over catalogue items.
    // Returns the printed lines and, in parallel, each line's VAT rate.
    private (List<PaperLine> Lines, List<decimal> Rates) BuildLines(SupplierDef def, bool credit)
    {
        var longDocument = !credit && rnd.NextDouble() < 0.06;
        var count = credit ? rnd.Next(1, 3) : longDocument ? rnd.Next(13, 46) : rnd.Pick(LineCounts);
        var items = longDocument ? CheapItems[def.Category] : SupplierCatalogue.Items[def.Category];
        var scale = def.Currency switch { "JPY" => 100m, "SEK" => 10m, _ => 1m };
        var target = (decimal)Math.Exp(Math.Log(15) + rnd.NextDouble() * Math.Log(20000 / 15.0)) * scale;
        var weights = new double[count];
        for (var k = 0; k < count; k++)
        {
            weights[k] = 0.3 + rnd.NextDouble();
        }

        var totalWeight = weights.Sum();
        var (lines, rates) = (new List<PaperLine>(count), new List<decimal>(count));
        foreach (var weight in weights)
        {
            var item = items[rnd.Next(items.Length)];
            var unit = Math.Max(0.01m, InvoiceSeeder.Round((decimal)(item.Low + (item.High - item.Low) * rnd.NextDouble()) * scale, def.Currency));
            var quantity = Math.Max(1m, Math.Round(target * (decimal)(weight / totalWeight) / unit));
            lines.Add(new PaperLine(item.Description, quantity, unit, InvoiceSeeder.Round(quantity * unit, def.Currency)) { RatePercent = item.RatePercent });
            rates.Add(item.RatePercent);
        }

        return (lines, rates);
    }

    private string NextNumber(Supplier supplier, bool credit, DateOnly date)
    {
        var n = supplier.NextNumber += rnd.Next(1, 25);
        var style = credit ? (supplier.Def.Country == "FR" ? 6 : 7) : supplier.Def.NumberStyle;
        return style switch
        {
            0 => $"FA-{date:yyyy}-{n:00000}",
            1 => $"INV-{n:000000}",
            2 => $"{date:yyyy}/{n:00000}",
            3 => $"RE-{date:yy}-{n:00000}",
            4 => $"{n:0000000}",
            5 => $"F{date:yyMM}-{n:0000}",
            6 => $"AV-{date:yyyy}-{n:00000}",
            _ => $"CN-{n:000000}",
        };
    }
}
