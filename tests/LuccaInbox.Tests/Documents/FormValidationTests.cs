using LuccaInbox.Web.Documents;

namespace LuccaInbox.Tests.Documents;

/// <summary>Every field's bad forms give a message on that field (and so block the save: no PUT is built from an invalid form).</summary>
public sealed class FormValidationTests
{
    private static DocumentEditModel Valid() => new()
    {
        Type = "Invoice",
        OwnerId = 13,
        PurchaseId = 283,
        DocumentNumber = "FA-2026-0042",
        DocumentDate = "2026-11-02",
        DueDate = "2026-12-02",
        ExcludingTaxes = "1000.00",
        Taxes = [new DocumentEditModel.TaxLineModel { RateTypeId = 1, Value = "200.00" }],
        IncludingTaxes = "1200.00",
        Currency = "EUR",
        AccountingLabel = "606400 Fournitures",
        Comment = "Checked",
        PaymentMethod = "BankTransfer",
        Iban = "FR7630006000011234567890189",
        Bic = "AGRIFRPP",
    };

    public static TheoryData<string, string, string> Invalid()
    {
        var data = new TheoryData<string, string, string>();
        void Add(string field, string value, string messagePart) => data.Add(field, value, messagePart);

        foreach (var amountField in new[] { "excludingTaxes", "includingTaxes", "taxes[0]" })
        {
            Add(amountField, "abc", "Enter a number");
            Add(amountField, "NaN", "Enter a number");
            Add(amountField, "Infinity", "Enter a number");
            Add(amountField, "-12.00", "positive");
            Add(amountField, "-0.01", "positive");
            Add(amountField, "12.345", "At most 2 decimals");
            Add(amountField, "0.001", "At most 2 decimals");
            Add(amountField, "1,234.56", "one decimal separator");
            Add(amountField, "1.234,56", "one decimal separator");
            Add(amountField, "1e5", "Enter a number");
            Add(amountField, "12 EUR", "Enter a number");
            Add(amountField, "99999999999", "too large");
            Add(amountField, "=1+1", "Enter a number");
            Add(amountField, "١٢٣", "Enter a number"); // Arabic-Indic digits
            Add(amountField, "12..5", "one decimal separator");
            Add(amountField, "0x1F", "Enter a number");
        }
        foreach (var dateField in new[] { "documentDate", "dueDate" })
        {
            Add(dateField, "2026-02-30", "real date");
            Add(dateField, "2026-13-01", "real date");
            Add(dateField, "2026-00-10", "real date");
            Add(dateField, "31/12/2026", "real date");
            Add(dateField, "2026-1-5", "real date");
            Add(dateField, "tomorrow", "real date");
            Add(dateField, "1899-12-31", "between");
            Add(dateField, "2101-01-01", "between");
            Add(dateField, "2025-02-29", "real date");
            Add(dateField, "'; DROP TABLE x;--", "real date");
        }
        foreach (var (iban, message) in new[]
        {
            ("FR7630006000011234567890188", "check digits"), ("FR763000600001123456789018", "27 characters"),
            ("FR76300060000112345678901899", "27 characters"), ("DE89370400440532013001", "check digits"),
            ("GB82WEST1234569876543", "22 characters"), ("1234567890123456", "country code"), ("FR76 3000 6000 0112 3456 7890 18!", "only letters and digits"),
            ("XX", "15 to 34"), ("FR76300060000112345678901891234567890", "15 to 34"), ("<script>alert(1)</script>", "only letters and digits"),
            ("FRAB30006000011234567890189", "country code"), ("BE68539007547035", "check digits"), ("NL91ABNA041716430", "18 characters"),
        })
        {
            Add("iban", iban, message);
        }
        foreach (var bic in new[] { "AGRIFRP", "AGRIFRPP1", "AGRIFRPP12", "1GRIFRPP", "AGRI-RPP", "AGRIFR PP", "AGRIFRPP1234", "ÀGRIFRPP" })
        {
            Add("bic", bic, "BIC");
        }
        Add("currency", "EURO", "ISO currency");
        Add("currency", "XYZ", "ISO currency");
        Add("currency", "€", "ISO currency");
        Add("currency", "Invalid", "ISO currency");
        Add("currency", "12A", "ISO currency");
        Add("documentNumber", new string('9', 101), "At most 100");
        Add("documentNumber", "FA-1\nFA-2", "line breaks");
        Add("documentNumber", "FA\u0000001", "control characters");
        Add("documentNumber", "FA\u0007", "control characters");
        Add("accountingLabel", new string('x', 256), "At most 255");
        Add("accountingLabel", "606400\tFournitures", "control characters");
        Add("accountingLabel", "label\r\n", "line breaks");
        Add("comment", new string('c', 2001), "At most 2000");
        Add("comment", "a\u001bb", "control characters");
        Add("comment", "bell\u0007", "control characters");
        Add("type", "Receipt", "Invoice or Credit note");
        Add("type", "", "Invoice or Credit note");
        Add("type", "invoice", "Invoice or Credit note");
        return data;
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_value_gets_a_clear_message_on_its_field(string field, string value, string messagePart)
    {
        var model = Valid();
        Set(model, field, value);

        var check = DocumentValidation.Validate(model);

        Assert.True(check.HasErrors, $"{field} = '{value}' was accepted");
        var message = check.ErrorFor(field);
        Assert.NotNull(message);
        Assert.Contains(messagePart, message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("documentNumber", "FA-2026/0042 ü")]
    [InlineData("documentNumber", "فاتورة-٤٢")] // right-to-left text is a valid number label
    [InlineData("accountingLabel", "Fournitures 📎 bureau")]
    [InlineData("comment", "Ligne 1\nLigne 2\r\nLigne 3\tavec tabulation")]
    [InlineData("comment", "<script>alert('x')</script> is only text here")]
    [InlineData("comment", "' OR 1=1 --")]
    [InlineData("includingTaxes", "1 200,00")]
    [InlineData("includingTaxes", "1200,5")]
    [InlineData("excludingTaxes", "0")]
    [InlineData("iban", "fr76 3000 6000 0112 3456 7890 189")]
    [InlineData("iban", "CH9300762011623852957")]
    [InlineData("bic", "deutdeff500")]
    [InlineData("documentDate", "2024-02-29")]
    [InlineData("currency", "jpy")]
    public void Valid_forms_that_look_unusual_are_accepted(string field, string value)
    {
        var model = Valid();
        Set(model, field, value);
        if (field == "currency") { model.ExcludingTaxes = "1000"; model.Taxes[0].Value = "200"; model.IncludingTaxes = "1200"; }

        var check = DocumentValidation.Validate(model);

        Assert.False(check.HasErrors, string.Join("; ", check.Errors.Select(e => $"{e.Key}: {e.Value}")));
    }

    [Fact]
    public void Including_taxes_that_differ_from_excluding_plus_vat_warn_without_blocking()
    {
        var model = Valid();
        model.IncludingTaxes = "1200.02";

        var check = DocumentValidation.Validate(model);

        Assert.False(check.HasErrors);
        Assert.Contains("difference", check.WarningFor("includingTaxes"));
    }

    [Fact]
    public void A_cent_of_rounding_is_not_worth_a_warning()
    {
        var model = Valid();
        model.IncludingTaxes = "1200.01";

        Assert.Null(DocumentValidation.Validate(model).WarningFor("includingTaxes"));
    }

    [Fact]
    public void A_due_date_before_the_document_date_warns()
    {
        var model = Valid();
        model.DueDate = "2026-10-01";

        Assert.Contains("before the document date", DocumentValidation.Validate(model).WarningFor("dueDate"));
    }

    [Fact]
    public void Missing_booking_data_blocks_booking_but_is_not_an_error()
    {
        var model = Valid();
        model.DocumentNumber = "";
        model.OwnerId = null;
        model.IncludingTaxes = null;

        var check = DocumentValidation.Validate(model);

        Assert.False(check.HasErrors);
        Assert.Equal(["documentNumber", "includingTaxes", "owner"], check.MissingForBooking.Order());
    }

    private static void Set(DocumentEditModel model, string field, string value)
    {
        switch (field)
        {
            case "excludingTaxes": model.ExcludingTaxes = value; break;
            case "includingTaxes": model.IncludingTaxes = value; break;
            case "taxes[0]": model.Taxes[0].Value = value; break;
            case "documentDate": model.DocumentDate = value; break;
            case "dueDate": model.DueDate = value; break;
            case "iban": model.Iban = value; break;
            case "bic": model.Bic = value; break;
            case "currency": model.Currency = value; break;
            case "documentNumber": model.DocumentNumber = value; break;
            case "accountingLabel": model.AccountingLabel = value; break;
            case "comment": model.Comment = value; break;
            case "type": model.Type = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field);
        }
    }
}
