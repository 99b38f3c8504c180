using System.Text.Json;
using System.Text.Json.Nodes;
using LuccaInbox.Lucca;
using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Tests.Lucca;

/// <summary>Write only what the user changed: every other field goes back exactly as Lucca sent it.</summary>
public sealed class PutBodyTests
{
    // Sparse, as a real tenant may send it: no comment at all, an explicit null label, a number written 250.00,
    // a date with a time part, an owner whose id could not be read, an unknown property.
    private const string SparseDocument = """
        {"id": 70001, "owner": {"name": "Former employee"}, "type": "Invoice",
         "documentDate": "2024-03-01T00:00:00+01:00", "documentNumber": "INV-1", "accountingLabel": null,
         "amountIncludingTaxes": {"excludingTaxes": {"value": 250.00, "currency": "EUR"}, "includingTaxes": {"value": 300.00, "currency": "EUR"}},
         "paymentDetails": {"paymentMethod": "BankTransfer", "bankAccount": {"iban": "FR7630006000011234567890189"}},
         "ocrStatus": "Processed", "legacyCode": {"x": 1}}
        """;

    private static Document Read(string json = SparseDocument) => JsonSerializer.Deserialize<Document>(json, LuccaJson.Options)!;

    [Fact]
    public void Untouched_fields_go_back_as_they_came_absent_null_and_in_their_own_form()
    {
        var document = Read();

        var body = InboxDocumentUpdate.Build(document, document, document with { DocumentNumber = "INV-001" })["document"]!.AsObject();

        Assert.Equal("INV-001", body["documentNumber"]!.GetValue<string>());
        Assert.False(body.ContainsKey("comment"), "a field Lucca never sent is not invented");
        Assert.False(body.ContainsKey("dueDate"));
        Assert.True(body.ContainsKey("accountingLabel") && body["accountingLabel"] is null, "null stays null");
        Assert.Equal("2024-03-01T00:00:00+01:00", body["documentDate"]!.GetValue<string>());
        Assert.Equal("250.00", body["amountIncludingTaxes"]!["excludingTaxes"]!["value"]!.ToJsonString());
        Assert.Equal("""{"x":1}""", body["legacyCode"]!.ToJsonString());
        Assert.False(body.ContainsKey("ownerId"), "never ownerId: 0 for an owner whose id is unknown");
        Assert.False(body.ContainsKey("ocrStatus"));
    }

    [Fact]
    public void A_changed_nested_field_is_written_and_its_siblings_keep_their_form()
    {
        var document = Read();
        var edited = document with
        {
            PaymentDetails = document.PaymentDetails! with { BankAccount = document.PaymentDetails.BankAccount! with { Bic = "AGRIFRPP" } },
        };

        var body = InboxDocumentUpdate.Build(document, document, edited)["document"]!;

        Assert.Equal("""{"paymentMethod":"BankTransfer","bankAccount":{"iban":"FR7630006000011234567890189","bic":"AGRIFRPP"}}""",
            body["paymentDetails"]!.ToJsonString());
    }

    [Fact]
    public void A_cleared_field_is_left_out_so_the_put_resets_it_without_an_explicit_null()
    {
        var document = Read();

        var body = InboxDocumentUpdate.Build(document, document, document with { DocumentNumber = null })["document"]!.AsObject();

        Assert.False(body.ContainsKey("documentNumber"));
        Assert.DoesNotContain("null", body.Where(p => p.Key != "accountingLabel").Select(p => p.Value?.ToJsonString() ?? "null"));
    }

    [Fact]
    public void Edits_made_on_an_older_version_go_over_the_newer_one_keeping_its_other_changes()
    {
        var seen = Read();
        var newer = Read(SparseDocument.Replace("\"INV-1\"", "\"INV-1-B\"", StringComparison.Ordinal).Replace("\"ocrStatus\"", "\"comment\": \"theirs\", \"ocrStatus\"", StringComparison.Ordinal));

        var body = InboxDocumentUpdate.Build(newer, seen, seen with { AccountingLabel = "Toner" })["document"]!;

        Assert.Equal("Toner", body["accountingLabel"]!.GetValue<string>());
        Assert.Equal("INV-1-B", body["documentNumber"]!.GetValue<string>());
        Assert.Equal("theirs", body["comment"]!.GetValue<string>());
    }

    [Fact]
    public void A_known_owner_goes_back_as_its_id()
    {
        var document = Read(SparseDocument.Replace("{\"name\": \"Former employee\"}", "{\"id\": 13, \"name\": \"Matt\"}", StringComparison.Ordinal));

        var body = InboxDocumentUpdate.Build(document, document, document)["document"]!.AsObject();

        Assert.Equal(13, body["ownerId"]!.GetValue<int>());
        Assert.False(body.ContainsKey("owner"));
    }
}

/// <summary>Arrays and objects in a PUT body: merged element by element, cleared whole.</summary>
public sealed class PutBodyShapeTests
{
    private const string WithTaxes = """
        {"id": 70001, "owner": {"id": "3"}, "type": "Invoice",
         "context": {"purchase": {"id": 283, "type": "OneTime", "href": "/x", "name": "Team building"}, "budget": "B1"},
         "amountIncludingTaxes": {"excludingTaxes": {"value": 100.00, "currency": "EUR"},
           "taxes": [{"rateTypeId": 1, "value": 10.00}, {"rateTypeId": 2, "value": 5.50, "currency": "EUR"}],
           "includingTaxes": {"value": 115.50, "currency": "EUR"}}}
        """;

    private static Document Read(string json) => JsonSerializer.Deserialize<Document>(json, LuccaJson.Options)!;

    [Fact]
    public void Editing_one_tax_line_leaves_the_others_exactly_as_lucca_sent_them()
    {
        var document = Read(WithTaxes);
        var taxes = document.AmountIncludingTaxes!.Taxes!.ToList();
        taxes[1] = taxes[1] with { Value = 6.00m };
        var edited = document with { AmountIncludingTaxes = document.AmountIncludingTaxes with { Taxes = taxes } };

        var body = InboxDocumentUpdate.Build(document, document, edited)["document"]!;

        Assert.Equal("""[{"rateTypeId":1,"value":10.00},{"rateTypeId":2,"value":6.00,"currency":"EUR"}]""",
            body["amountIncludingTaxes"]!["taxes"]!.ToJsonString());
    }

    [Fact]
    public void Adding_a_tax_line_sends_the_new_list()
    {
        var document = Read(WithTaxes);
        var taxes = document.AmountIncludingTaxes!.Taxes!.Append(new TaxLine { RateTypeId = 3, Value = 1m, Currency = "EUR" }).ToList();
        var edited = document with { AmountIncludingTaxes = document.AmountIncludingTaxes with { Taxes = taxes } };

        var body = InboxDocumentUpdate.Build(document, document, edited)["document"]!;

        Assert.Equal(3, body["amountIncludingTaxes"]!["taxes"]!.AsArray().Count);
    }

    [Fact]
    public void Clearing_the_purchase_removes_it_and_keeps_the_rest_of_the_context()
    {
        var document = Read(WithTaxes);

        var body = InboxDocumentUpdate.Build(document, document, document with { Context = document.Context! with { Purchase = null } })["document"]!;

        Assert.Equal("""{"budget":"B1"}""", body["context"]!.ToJsonString());
    }

    [Fact]
    public void An_owner_id_written_as_a_string_still_goes_back_as_the_owner()
    {
        var document = Read(WithTaxes);

        var body = InboxDocumentUpdate.Build(document, document, document with { Comment = "x" })["document"]!;

        Assert.Equal(3, body["ownerId"]!.GetValue<int>());
    }
}
