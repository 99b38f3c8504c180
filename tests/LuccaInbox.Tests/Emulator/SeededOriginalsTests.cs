using System.Text.Json.Nodes;
using System.Xml.Linq;
using LuccaInbox.Emulator.Files;
using LuccaInbox.Emulator.Seeding;
using UglyToad.PdfPig;
using Xunit.Abstractions;
using static LuccaInbox.Tests.Emulator.ProfiledEmulator;

namespace LuccaInbox.Tests.Emulator;

/// <summary>The three kinds of originals, the seeded misreads and fraudulent IBANs, and the truth the admin endpoint tells.</summary>
public sealed class SeededOriginalsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Documents = 600;
    private ProfiledEmulator lucca = null!;

    public async Task InitializeAsync() => lucca = await StartAsync("default", Documents);

    public async Task DisposeAsync() => await lucca.DisposeAsync();

    private IReadOnlyList<SeededTruth> Truth => lucca.Emulator.Store.SeededTruth;

    [Fact]
    public void Originals_come_in_three_kinds_in_roughly_the_intended_shares()
    {
        var shares = Truth.GroupBy(t => t.OriginalKind).ToDictionary(g => g.Key, g => (double)g.Count() / Truth.Count);
        output.WriteLine(string.Join(", ", shares.Select(s => $"{s.Key} {s.Value:P0}")));

        Assert.InRange(shares[OriginalKind.FacturX], 0.25, 0.45);
        Assert.InRange(shares[OriginalKind.Text], 0.35, 0.55);
        Assert.InRange(shares[OriginalKind.ImageOnly], 0.12, 0.28);
    }

    [Fact]
    public void The_same_seed_seeds_the_same_originals_misreads_and_frauds()
    {
        var now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(InvoiceSeeder.Generate(7, 300, now).Truth, InvoiceSeeder.Generate(7, 300, now).Truth);
        Assert.NotEqual(InvoiceSeeder.Generate(7, 300, now).Truth, InvoiceSeeder.Generate(8, 300, now).Truth);
    }

    [Fact]
    public void Document_numbers_are_misread_on_every_kind_of_original()
    {
        var misreadKinds = Truth.Where(t => t.MisreadField == "documentNumber").Select(t => t.OriginalKind).ToHashSet();

        Assert.Superset(new HashSet<OriginalKind> { OriginalKind.FacturX, OriginalKind.Text, OriginalKind.ImageOnly }, misreadKinds);
    }

    [Fact]
    public async Task A_facturx_original_embeds_the_printed_facts_not_what_ocr_read()
    {
        var misread = Truth.First(t => t.OriginalKind == OriginalKind.FacturX && t.MisreadField == "documentNumber");
        var paper = lucca.Emulator.Store.GetFile(misread.FileId!.Value.ToString())!.Paper;

        var original = await OriginalAsync(misread);
        var xml = FacturXOf(original);

        var raw = System.Text.Encoding.Latin1.GetString(original);
        Assert.Contains("/AFRelationship/Alternative", raw);
        Assert.Contains("/Subtype/text#2Fxml", raw);
        Assert.Contains("<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>", raw);
        var ram = FacturXInvoice.Ram;
        Assert.Equal(misread.TrueValue, xml.Root!.Element(FacturXInvoice.Rsm + "ExchangedDocument")!.Element(ram + "ID")!.Value);
        Assert.NotEqual(misread.OcrValue, misread.TrueValue);
        var document = await lucca.GetJsonAsync(DocumentsPath + misread.DocumentId);
        Assert.Equal(misread.OcrValue, Text(document, "documentNumber"));
        Assert.Equal(paper.TotalIncludingTaxes, decimal.Parse(xml.Descendants(ram + "GrandTotalAmount").Single().Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(paper.Vat.Count == 0 ? 1 : paper.Vat.Count, xml.Descendants(ram + "ApplicableHeaderTradeSettlement").Elements(ram + "ApplicableTradeTax").Count());
        Assert.Equal(paper.SupplierVatNumber, xml.Descendants(ram + "SpecifiedTaxRegistration").Single().Element(ram + "ID")!.Value);
    }

    [Fact]
    public async Task A_facturx_total_misread_differs_from_the_embedded_grand_total()
    {
        var misread = Truth.First(t => t.OriginalKind == OriginalKind.FacturX && t.MisreadField == "includingTaxes");

        var xml = FacturXOf(await OriginalAsync(misread));

        var grandTotal = xml.Descendants(FacturXInvoice.Ram + "GrandTotalAmount").Single().Value;
        Assert.Equal(misread.TrueValue, grandTotal);
        Assert.NotEqual(misread.OcrValue, grandTotal);
    }

    [Fact]
    public async Task A_text_original_has_words_for_the_number_the_total_and_the_bank_details()
    {
        var text = Truth.Where(t => t.OriginalKind == OriginalKind.Text).Select(t => lucca.Emulator.Store.GetFile(t.FileId!.Value.ToString())!)
            .First(f => f.Paper.SupplierIban is not null && f.Paper.SupplierVatNumber is not null && f.Paper.TotalIncludingTaxes > 1000);

        using var pdf = PdfDocument.Open(await OriginalAsync(text.FileId));
        var words = pdf.GetPage(1).GetWords().Select(w => w.Text).ToList();
        output.WriteLine(string.Join(" | ", words));

        var paper = text.Paper;
        Assert.Contains(paper.Number, words);
        Assert.Contains(Printed(paper.TotalIncludingTaxes), words);
        Assert.Contains(Printed(paper.TotalExcludingTaxes), words);
        Assert.Contains(paper.Currency, words);
        Assert.Contains(paper.SupplierVatNumber!, words);
        Assert.Contains(paper.SupplierBic!, words);
        Assert.Contains(paper.SupplierIban![..4], words); // printed in groups of four
        Assert.Empty(pdf.Advanced.TryGetEmbeddedFiles(out var files) ? files : []);
    }

    [Fact]
    public async Task An_image_only_original_has_pages_but_no_words()
    {
        var scan = Truth.First(t => t.OriginalKind == OriginalKind.ImageOnly);

        using var pdf = PdfDocument.Open(await OriginalAsync(scan));

        Assert.True(pdf.NumberOfPages >= 1);
        Assert.All(pdf.GetPages(), page => Assert.Empty(page.GetWords()));
        Assert.NotEmpty(pdf.GetPage(1).GetImages());
    }

    [Fact]
    public async Task Some_papers_carry_an_iban_that_is_not_the_suppliers_bank_account_on_file()
    {
        var frauds = Truth.Where(t => t.IbanDiffersFromSupplier).ToList();
        var fraud = frauds.First(t => t.OriginalKind == OriginalKind.FacturX);
        var purchaseId = Id((await lucca.GetJsonAsync(DocumentsPath + fraud.DocumentId))["context"]!["purchase"]);
        var supplierId = (await lucca.GetJsonAsync($"/cleemy-procurement/api/purchases/{purchaseId}"))["supplier"]!["id"]!.GetValue<int>();
        var supplier = await lucca.GetJsonAsync($"/cleemy-procurement/api/suppliers/{supplierId}");

        var xml = FacturXOf(await OriginalAsync(fraud));

        Assert.InRange(frauds.Count, 5, 40);
        Assert.Equal(fraud.PaperIban, xml.Descendants(FacturXInvoice.Ram + "IBANID").Single().Value);
        Assert.Equal(fraud.SupplierIban, Text(supplier["bankAccount"], "iban"));
        Assert.NotEqual(fraud.PaperIban, fraud.SupplierIban);
        var ocrIbans = new List<string?>();
        foreach (var t in frauds)
        {
            ocrIbans.Add(Text((await lucca.GetJsonAsync(DocumentsPath + t.DocumentId))["paymentDetails"]?["bankAccount"], "iban"));
        }
        Assert.Contains(frauds, t => ocrIbans.Contains(t.PaperIban)); // OCR read the fraudulent account off the paper
        Assert.DoesNotContain(frauds, t => ocrIbans.Contains(t.SupplierIban));
    }

    [Fact]
    public async Task The_admin_endpoint_tells_the_seeded_truth()
    {
        using var response = await lucca.Http.GetAsync("/emulator/seeded-truth");
        var truth = (await response.Content.ReadFromJsonNodeAsync()).AsArray();

        Assert.Equal(Documents, truth.Count);
        var first = truth[0]!.AsObject();
        foreach (var property in new[] { "inboxId", "documentId", "originalKind", "fileId", "misreadField", "ocrValue", "trueValue", "ibanDiffersFromSupplier" })
        {
            Assert.True(first.ContainsKey(property), property);
        }
        Assert.Contains(truth, t => Text(t, "originalKind") == "FacturX" && Text(t, "misreadField") == "documentNumber");
    }

    private static string Printed(decimal amount) => amount.ToString("N2", System.Globalization.CultureInfo.InvariantCulture);

    private Task<byte[]> OriginalAsync(SeededTruth truth) => OriginalAsync(truth.FileId!.Value);

    private async Task<byte[]> OriginalAsync(Guid fileId)
    {
        using var response = await lucca.Http.GetAsync($"/cleemy-procurement/api/files/{fileId}");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static XDocument FacturXOf(byte[] original)
    {
        using var pdf = PdfDocument.Open(original);
        Assert.True(pdf.Advanced.TryGetEmbeddedFiles(out var files));
        return XDocument.Load(new MemoryStream(files.Single(f => f.Name == FacturXInvoice.FileName).Bytes.ToArray()));
    }
}
