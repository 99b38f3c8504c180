using LuccaInbox.Web.Tests.Support;

namespace LuccaInbox.Web.Tests;

/// <summary>What the form says about a value while it is typed (DocumentFields on the document page).</summary>
public sealed class DocumentPageValidationTests : DocumentPageContext
{
    [Theory]
    [InlineData("field-documentNumber", "INPUT")]
    [InlineData("field-documentDate", "INPUT")]
    [InlineData("field-dueDate", "INPUT")]
    [InlineData("field-accountingLabel", "INPUT")]
    [InlineData("field-comment", "TEXTAREA")]
    [InlineData("field-excludingTaxes", "INPUT")]
    [InlineData("field-includingTaxes", "INPUT")]
    [InlineData("field-currency", "INPUT")]
    [InlineData("field-iban", "INPUT")]
    [InlineData("field-bic", "INPUT")]
    [InlineData("field-paymentMethod", "SELECT")]
    [InlineData("field-type", "SELECT")]
    public void Field_test_id_sits_on_the_control_a_browser_test_fills(string testId, string tagName)
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));

        var cut = OpenDocument();

        Assert.Equal(tagName, Field(cut, testId).TagName);
    }

    [Fact]
    public async Task Iban_with_a_mistyped_character_says_the_check_digits_are_wrong()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        var cut = OpenDocument();
        Assert.Equal("", MessageUnder(cut, "field-iban"));

        await TypeAsync(cut, "field-iban", "FR7630006000011234567890188");

        Assert.Equal("The IBAN's check digits are wrong: a character is probably mistyped.", MessageUnder(cut, "field-iban"));
    }

    [Fact]
    public async Task French_iban_of_the_wrong_length_says_how_many_characters_it_needs()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        var cut = OpenDocument();

        await TypeAsync(cut, "field-iban", "FR76 3000 6000 0112 3456 7890 1");

        Assert.Equal("A FR IBAN has 27 characters, this one has 25.", MessageUnder(cut, "field-iban"));
    }

    [Fact]
    public void Empty_document_number_is_marked_required_to_book()
    {
        Lucca.Inbox.Add(InboxItems.WithoutNumber(1));

        var cut = OpenDocument();

        Assert.Equal("Required to book", MessageUnder(cut, "field-documentNumber"));
        Assert.Equal("", MessageUnder(cut, "field-currency"));
    }

    [Fact]
    public async Task Typing_the_missing_document_number_clears_required_to_book()
    {
        Lucca.Inbox.Add(InboxItems.WithoutNumber(1));
        var cut = OpenDocument();

        await TypeAsync(cut, "field-documentNumber", "INV-2026-001");

        Assert.Equal("", MessageUnder(cut, "field-documentNumber"));
    }

    [Fact]
    public async Task Total_that_is_not_excluding_taxes_plus_vat_warns_but_does_not_block_saving()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1)); // 100.00 + VAT 20.00 = 120.00
        var cut = OpenDocument();
        Assert.Equal("", MessageUnder(cut, "field-includingTaxes"));

        await TypeAsync(cut, "field-includingTaxes", "130");

        var warning = MessageUnder(cut, "field-includingTaxes");
        Assert.StartsWith("Excluding taxes + VAT = 120", warning);
        Assert.Contains("not 130", warning);
        Assert.False(IsDisabled(cut.Find("[data-testid=doc-save]")));
    }

    [Fact]
    public async Task Three_decimals_on_a_euro_amount_says_at_most_two()
    {
        Lucca.Inbox.Add(InboxItems.Invoice(1));
        var cut = OpenDocument();

        await TypeAsync(cut, "field-excludingTaxes", "100.125");

        Assert.Equal("At most 2 decimals for EUR.", MessageUnder(cut, "field-excludingTaxes"));
        Assert.True(IsDisabled(cut.Find("[data-testid=doc-save]")));
    }
}
