using LuccaInbox.Emulator.Infrastructure;

namespace LuccaInbox.Emulator.Suppliers;

/// <summary>GET /api/suppliers (API-FACTS §11), one supplier, and one purchase (§10; the purchases list is in DocumentsApi).</summary>
public static class SuppliersApi
{
    public static void MapSuppliersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/cleemy-procurement/api");
        api.MapGet("/suppliers", (HttpRequest request, EmulatorStore store) =>
        {
            if (!CollectionQuery.TryParse(request.Query, out var query, out var problem)) return problem!;
            var state = request.Query["state"].ToString();
            if (state.Length > 0 && state is not ("Active" or "Archived"))
            {
                return Problems.Validation(new Dictionary<string, List<string>> { ["state"] = ["Must be Active or Archived."] });
            }
            return JsonResults.Json(store.ListSuppliers(state.Length > 0 ? state : null, request.Query["search.terms"].ToString(), query));
        });
        api.MapGet("/suppliers/{supplierId:int}", (int supplierId, EmulatorStore store) =>
            store.GetSupplier(supplierId) is { } json ? JsonResults.Json(json) : Problems.NotFound($"No supplier with id {supplierId}."));
        api.MapGet("/purchases/{purchaseId:int}", (int purchaseId, EmulatorStore store) =>
            store.GetPurchase(purchaseId) is { } json ? JsonResults.Json(json) : Problems.NotFound($"No purchase with id {purchaseId}."));
    }
}
