using System.Text.Json.Nodes;
using LuccaInbox.Emulator.Profiles;
using LuccaInbox.Emulator.Seeding;

namespace LuccaInbox.Emulator.Suppliers;

/// <summary>Suppliers and the supplier a purchase names, shaped as the active profile answers API-FACTS §10, §11, §15.18.</summary>
internal static class SupplierJson
{
    public const string SuppliersPath = "/cleemy-procurement/api/suppliers/";

    private static readonly Dictionary<string, (int Id, string Name)> Territories = new()
    {
        ["FR"] = (101, "France"), ["DE"] = (102, "Germany"), ["ES"] = (103, "Spain"), ["IT"] = (104, "Italy"),
        ["BE"] = (105, "Belgium"), ["NL"] = (106, "Netherlands"), ["GB"] = (107, "United Kingdom"), ["CH"] = (108, "Switzerland"),
        ["US"] = (109, "United States"), ["SE"] = (110, "Sweden"), ["JP"] = (111, "Japan"),
    };

    public static JsonObject Supplier(SeededSupplier supplier, EmulatorProfile profile)
    {
        var (territoryNumber, territoryName) = Territories[supplier.Country];
        JsonNode territoryId = profile.TerritoryId == TerritoryIdMode.Integer ? territoryNumber : supplier.Country;
        var json = new JsonObject
        {
            ["id"] = supplier.Id,
            ["name"] = supplier.Name,
            ["state"] = "Active",
            ["territory"] = new JsonObject
            {
                ["id"] = territoryId, ["name"] = territoryName, ["href"] = $"/cleemy-procurement/api/territories/{territoryId}",
            },
            ["legalRegistration"] = new JsonObject { ["identifier"] = supplier.LegalIdentifier, ["vatNumber"] = supplier.VatNumber },
            ["contacts"] = new JsonArray(),
            ["paymentTerm"] = new JsonObject { ["value"] = supplier.PaymentTermDays, ["unit"] = "Day" },
            ["bankAccount"] = null,
            ["preferredNature"] = null,
            ["preferredPaymentMethod"] = supplier.PreferredPaymentMethod,
            ["preferredCostCenter"] = null,
            ["establishments"] = new JsonArray(),
            ["flag"] = "Unflagged",
        };
        if (supplier.Iban is not null)
        {
            json["bankAccount"] = new JsonObject { ["iban"] = supplier.Iban, ["bic"] = supplier.Bic };
        }
        else if (profile.NoBankAccount == SupplierNoBankAccountMode.Missing)
        {
            json.Remove("bankAccount");
        }
        else if (profile.NoBankAccount == SupplierNoBankAccountMode.EmptyObject)
        {
            json["bankAccount"] = new JsonObject { ["iban"] = null, ["bic"] = null };
        }
        return json;
    }

    /// <summary>One purchase as GET /api/purchases/{id} and the list return it; the seeded purchase names its supplier as {id, name}.</summary>
    public static JsonObject Purchase(JsonObject seeded, EmulatorProfile profile)
    {
        var purchase = (JsonObject)seeded.DeepClone();
        if (purchase["supplier"] is not JsonObject supplier) return purchase;
        var supplierId = supplier["id"]!.GetValue<int>();
        switch (profile.PurchaseSupplier)
        {
            case PurchaseSupplierMode.SupplierReference:
                supplier["href"] = SuppliersPath + supplierId;
                break;
            case PurchaseSupplierMode.SupplierIdOnly:
                purchase.Remove("supplier");
                purchase["supplierId"] = supplierId;
                break;
            default:
                purchase.Remove("supplier");
                break;
        }
        return purchase;
    }
}
