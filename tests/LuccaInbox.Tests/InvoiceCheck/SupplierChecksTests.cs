using LuccaInbox.Web.Suppliers;

namespace LuccaInbox.Tests.InvoiceCheck;

/// <summary>The invoice's IBAN and VAT number against the supplier's on file (issue 16).</summary>
public sealed class SupplierChecksTests
{
    private static readonly SupplierInfo Martin = new(42, "Papeterie Martin SARL", "FR40303265045", "FR76 3000 6000 0112 3456 7890 189", "AGRIFRPP");
    private static readonly SupplierInfo CardOnly = new(402, "Pinecrest Analytics Inc.", null, null, null);

    [Theory]
    [InlineData("FR7630006000011234567890189", null, BankStatus.Matches)]
    [InlineData("fr76 3000 6000 0112 3456 7890 189", "FR76 3000 6000 0112 3456 7890 189", BankStatus.Matches)]
    [InlineData("FR7630004000031234567890143", null, BankStatus.Differs)]
    [InlineData(null, "FR7630004000031234567890143", BankStatus.Differs)] // only the Factur-X data gives the new account
    [InlineData("FR7630006000011234567890189", "FR7630004000031234567890143", BankStatus.Differs)] // form right, invoice not
    [InlineData(null, null, BankStatus.NoIbanOnInvoice)]
    [InlineData("  ", null, BankStatus.NoIbanOnInvoice)]
    public void The_invoices_IBAN_is_compared_with_the_suppliers_on_file(string? formIban, string? invoiceIban, BankStatus expected)
    {
        var check = BankCheck.Of(Martin, formIban, invoiceIban);

        Assert.Equal(expected, check.Status);
        Assert.Equal(expected == BankStatus.Differs, check.NeedsReason);
        if (expected == BankStatus.Differs) Assert.Contains("FR76 3000 6000 0112 3456 7890 189", check.Message); // the account on file, as printed
    }

    [Fact]
    public void A_supplier_without_a_bank_account_on_file_is_said_plainly_and_asks_no_reason()
    {
        var check = BankCheck.Of(CardOnly, "GB33BUKB20201555555555", null);

        Assert.Equal(BankStatus.NoAccountOnFile, check.Status);
        Assert.False(check.NeedsReason);
        Assert.Contains("has no bank account on file", check.Message);
    }

    [Fact]
    public void An_unknown_supplier_is_no_alarm_but_is_said()
    {
        var check = BankCheck.Of(null, "FR7630004000031234567890143", null);

        Assert.Equal((BankStatus.SupplierUnknown, false), (check.Status, check.NeedsReason));
    }

    [Theory]
    [InlineData("FR40303265045", false)]
    [InlineData("fr 40 303 265 045", false)]
    [InlineData("FR84303265045", true)]
    public void The_sellers_VAT_number_is_compared_with_the_suppliers(string onInvoice, bool differs)
    {
        Assert.Equal(differs, VatNumberCheck.Of(Martin, onInvoice)!.Differs);
    }

    [Fact]
    public void No_VAT_number_on_the_invoice_or_no_supplier_means_no_VAT_check()
    {
        Assert.Null(VatNumberCheck.Of(Martin, null));
        Assert.Null(VatNumberCheck.Of(null, "FR40303265045"));
        Assert.False(VatNumberCheck.Of(CardOnly, "US123")!.Differs);
    }
}
