using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using static LuccaInbox.Tests.Emulator.ProfiledEmulator;

namespace LuccaInbox.Tests.Emulator;

/// <summary>GET /api/suppliers and /api/purchases/{id} (API-FACTS §10, §11), under the profile knobs the docs leave open.</summary>
public sealed class SuppliersAndPurchasesTests
{
    private const string SuppliersPath = "/cleemy-procurement/api/suppliers";
    private const string PurchasesPath = "/cleemy-procurement/api/purchases";

    [Fact]
    public async Task Suppliers_page_like_the_other_collections_and_carry_the_documented_shape()
    {
        await using var lucca = await StartAsync("default", documents: 10);

        var first = await lucca.GetJsonAsync(SuppliersPath + "?limit=10&fields.root=prev,next,count");
        var last = await lucca.GetJsonAsync(SuppliersPath + "?limit=10&page=pg-3&fields.root=prev,next,count");

        Assert.Equal(26, first["count"]!.GetValue<int>());
        Assert.Equal(10, first["items"]!.AsArray().Count);
        Assert.Null(first["prev"]);
        Assert.Equal("pg-2", Text(first, "next"));
        Assert.Equal(6, last["items"]!.AsArray().Count);
        Assert.Equal("pg-2", Text(last, "prev"));
        Assert.Null(last["next"]);
        var supplier = first["items"]![0]!.AsObject();
        foreach (var property in new[] { "id", "name", "state", "territory", "legalRegistration", "contacts", "paymentTerm", "bankAccount",
                     "preferredPaymentMethod", "establishments", "flag" })
        {
            Assert.True(supplier.ContainsKey(property), property);
        }
        Assert.Equal("FR", Text(supplier["territory"], "id"));
        Assert.Equal("Day", Text(supplier["paymentTerm"], "unit"));
        Assert.Matches("^FR[0-9]{25}$", Text(supplier["bankAccount"], "iban"));
    }

    [Fact]
    public async Task Vat_numbers_are_well_formed_and_us_and_japanese_suppliers_have_none()
    {
        await using var lucca = await StartAsync("default", documents: 10);
        var suppliers = await AllSuppliersAsync(lucca);

        foreach (var supplier in suppliers)
        {
            var vat = Text(supplier["legalRegistration"], "vatNumber");
            var country = Text(supplier["territory"], "id")!;
            if (country is "US" or "JP") Assert.Null(vat);
            else Assert.StartsWith(country == "CH" ? "CHE" : country, vat);
            if (country == "FR")
            {
                var siren = vat![4..];
                Assert.Equal(Text(supplier["legalRegistration"], "identifier"), siren);
                var key = (12 + 3 * (long.Parse(siren, CultureInfo.InvariantCulture) % 97)) % 97;
                Assert.Equal(key.ToString("00", CultureInfo.InvariantCulture), vat[2..4]);
            }
        }
        Assert.Null(suppliers.Single(s => Id(s) == 402)["bankAccount"]); // Pinecrest: paid by card only
    }

    [Fact]
    public async Task Suppliers_filter_by_search_terms_and_state()
    {
        await using var lucca = await StartAsync("default", documents: 10);

        var gmbh = await lucca.GetJsonAsync(SuppliersPath + "?search.terms=gmbh");
        var accentless = await lucca.GetJsonAsync(SuppliersPath + "?search.terms=telecom%20atlantique");
        var archived = await lucca.GetJsonAsync(SuppliersPath + "?state=Archived&fields.root=count");

        Assert.Equal(["Nordlicht Logistik GmbH", "Bürotechnik Weber GmbH"], gmbh["items"]!.AsArray().Select(s => Text(s, "name")));
        Assert.Equal(91, Id(accentless["items"]![0]));
        Assert.Equal(0, archived["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Every_purchase_names_a_supplier_of_the_catalogue_by_its_id_and_name()
    {
        await using var lucca = await StartAsync("default", documents: 10);
        var suppliers = (await AllSuppliersAsync(lucca)).ToDictionary(Id, s => Text(s, "name"));

        var purchases = (await lucca.GetJsonAsync(PurchasesPath + "?limit=100"))["items"]!.AsArray();

        Assert.NotEmpty(purchases);
        foreach (var listed in purchases)
        {
            var purchase = await lucca.GetJsonAsync($"{PurchasesPath}/{Id(listed)}");
            var supplier = purchase["supplier"]!;
            Assert.Equal(suppliers[Id(supplier)], Text(supplier, "name"));
            Assert.Equal($"/cleemy-procurement/api/suppliers/{Id(supplier)}", Text(supplier, "href"));
            Assert.Equal(Text(listed, "name"), Text(purchase, "name"));
        }
    }

    [Fact]
    public async Task Odd_suppliers_name_the_supplier_by_id_only_with_integer_territories_and_empty_bank_accounts()
    {
        await using var lucca = await StartAsync("odd-suppliers", documents: 10);
        var purchaseId = Id((await lucca.GetJsonAsync(PurchasesPath))["items"]![0]);

        var purchase = await lucca.GetJsonAsync($"{PurchasesPath}/{purchaseId}");
        var suppliers = await AllSuppliersAsync(lucca);

        Assert.False(purchase.ContainsKey("supplier"));
        Assert.Contains(suppliers, s => Id(s) == purchase["supplierId"]!.GetValue<int>());
        Assert.All(suppliers, s => Assert.IsType<int>(s["territory"]!["id"]!.GetValue<int>()));
        var cardOnly = suppliers.Single(s => Id(s) == 402)["bankAccount"]!.AsObject();
        Assert.Null(cardOnly["iban"]);
        Assert.Null(cardOnly["bic"]);
    }

    [Fact]
    public async Task No_purchase_supplier_leaves_the_supplier_out_and_a_card_only_supplier_without_bank_account()
    {
        await using var lucca = await StartAsync("no-purchase-supplier", documents: 10);
        var purchaseId = Id((await lucca.GetJsonAsync(PurchasesPath))["items"]![0]);

        var purchase = await lucca.GetJsonAsync($"{PurchasesPath}/{purchaseId}");
        var cardOnly = await lucca.GetJsonAsync(SuppliersPath + "/402");

        Assert.False(purchase.ContainsKey("supplier"));
        Assert.False(purchase.ContainsKey("supplierId"));
        Assert.False(cardOnly.ContainsKey("bankAccount"));
    }

    [Fact]
    public async Task An_unknown_purchase_is_a_404_problem()
    {
        await using var lucca = await StartAsync("default", documents: 10);

        using var response = await lucca.Http.GetAsync(PurchasesPath + "/999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<List<JsonNode>> AllSuppliersAsync(ProfiledEmulator lucca) =>
        (await lucca.GetJsonAsync(SuppliersPath + "?limit=1000"))["items"]!.AsArray().Select(s => s!).ToList();
}
