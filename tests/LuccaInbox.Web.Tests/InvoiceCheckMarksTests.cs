using LuccaInbox.Web.Documents;
using LuccaInbox.Web.InvoiceCheck;
using LuccaInbox.Web.Suppliers;
using LuccaInbox.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Web;

namespace LuccaInbox.Web.Tests;

/// <summary>Issue 16 on the form: each field's verdict against the invoice, and "use the invoice's value".</summary>
public sealed class InvoiceCheckMarksTests : WebTestContext
{
    private static readonly PageBox NumberBox = new(1, 0.6, 0.1, 0.2, 0.02);

    private IRenderedComponent<DocumentFields> RenderFields(DocumentEditModel model, IReadOnlyList<FieldVerdict> verdicts, bool readOnly = false) =>
        RenderWithPopovers<DocumentFields>(p => p
            .Add(f => f.Model, model)
            .Add(f => f.Check, DocumentValidation.Validate(model))
            .Add(f => f.Verdicts, verdicts)
            .Add(f => f.OriginalFileId, "f0208989-edd3-4d09-b0ec-f97b24caa49e")
            .Add(f => f.ReadOnly, readOnly));

    [Fact]
    public async Task A_differing_number_shows_the_invoices_value_and_one_click_puts_it_in_the_form()
    {
        var model = new DocumentEditModel { DocumentNumber = "INV-008443", IncludingTaxes = "120.00", Currency = "EUR" };
        var cut = RenderFields(model,
        [
            new FieldVerdict("documentNumber", Verdict.Differs, "INV-003443", "INV-003443", "Factur-X data", NumberBox),
            new FieldVerdict("includingTaxes", Verdict.Matches, "120.00", 120m, null, null),
            new FieldVerdict("dueDate", Verdict.NotFound, null, null, "not found in the invoice's text", null),
        ]);

        var number = cut.Find("[data-testid=verdict-documentNumber]");
        Assert.Equal("Differs", number.GetAttribute("data-verdict"));
        Assert.Contains("The invoice says INV-003443 (Factur-X data)", number.TextContent);
        Assert.Equal("1,0.6,0.1,0.2,0.02", number.GetAttribute("data-where"));
        Assert.Contains("Matches the invoice", cut.Find("[data-testid=verdict-includingTaxes]").TextContent);
        Assert.Contains("Not found on the invoice: not found in the invoice's text", cut.Find("[data-testid=verdict-dueDate]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=verdict-documentDate]")); // no verdict, no mark

        await cut.Find("[data-testid=use-invoice-documentNumber]").ClickAsync(new MouseEventArgs());

        Assert.Equal("INV-003443", model.DocumentNumber);
    }

    [Theory]
    [InlineData("documentDate", "2026-11-15")]
    [InlineData("excludingTaxes", "1234.56")]
    [InlineData("taxes[0]", "246.91")]
    [InlineData("type", "CreditNote")]
    public void The_invoices_value_goes_in_as_the_clerk_would_type_it(string field, string expected)
    {
        var model = new DocumentEditModel { Currency = "EUR", Taxes = [new DocumentEditModel.TaxLineModel { RateTypeId = 1, Value = "246.19" }] };
        object typed = field switch
        {
            "documentDate" => new DateOnly(2026, 11, 15),
            "excludingTaxes" => 1234.56m,
            "taxes[0]" => 246.91m,
            _ => InvoiceKind.CreditNote,
        };

        CheckedFields.ApplyTo(model, new FieldVerdict(field, Verdict.Differs, "x", typed, null, null), System.Globalization.CultureInfo.GetCultureInfo("en-US"));

        Assert.Equal(expected, field switch
        {
            "documentDate" => model.DocumentDate,
            "excludingTaxes" => model.ExcludingTaxes,
            "taxes[0]" => model.Taxes[0].Value,
            _ => model.Type,
        });
    }

    [Fact]
    public void Someone_who_may_not_edit_sees_the_verdict_but_no_button()
    {
        var cut = RenderFields(new DocumentEditModel { DocumentNumber = "INV-008443" },
            [new FieldVerdict("documentNumber", Verdict.Differs, "INV-003443", "INV-003443", "Factur-X data", null)], readOnly: true);

        Assert.Contains("INV-003443", cut.Find("[data-testid=verdict-documentNumber]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=use-invoice-documentNumber]"));
    }

    [Fact]
    public void The_summary_names_the_supplier_and_says_plainly_when_the_bank_details_changed_or_nothing_could_be_checked()
    {
        var supplier = new SupplierInfo(42, "Papeterie Martin SARL", "FR40303265045", "FR7630006000011234567890189", null);
        var check = new DocumentCheck(supplier, BankCheck.Of(supplier, "FR7630004000031234567890143", null), null,
            new InvoiceOriginal(OriginalKind.ImageOnly, null, [], "image-only scan: no text to compare with"), []);

        var cut = Render<InvoiceCheckSummary>(p => p.Add(s => s.Check, check));

        Assert.Contains("Papeterie Martin SARL", cut.Find("[data-testid=doc-supplier]").TextContent);
        Assert.Contains("FR76 3000 6000 0112 3456 7890 189", cut.Find("[data-testid=doc-bank-differs]").TextContent);
        Assert.Contains("Image-only scan", cut.Find("[data-testid=doc-original-check]").TextContent);
    }
}
