using System.Text.Json;
using System.Text.Json.Nodes;

namespace LuccaInbox.Emulator.Profiles;

/// <summary>
/// A populated <c>action</c> on inbox items (PopulatedAction; API-FACTS §3, §15.17, 2026-12-02 addendum): on GET it says
/// what is possible, on PUT it is an instruction, so a client that echoes it back changes the document's purchase.
/// </summary>
public static class PossibleActions
{
    /// <summary>Gives every item an AttachPurchase action for a purchase other than the one its document is linked to.</summary>
    public static void Populate(IEnumerable<JsonObject> inbox, List<int> purchaseIds)
    {
        if (purchaseIds.Count < 2) return;
        foreach (var item in inbox)
        {
            var current = item["document"]?["context"] is JsonObject { } context && context["purchase"]?["id"] is JsonValue v
                && v.TryGetValue<int>(out var id) ? id : (int?)null;
            var pick = purchaseIds[item["id"]!.GetValue<int>() % purchaseIds.Count];
            if (pick == current) pick = purchaseIds[(purchaseIds.IndexOf(pick) + 1) % purchaseIds.Count];
            item["action"] = new JsonObject { ["type"] = "AttachPurchase", ["purchaseId"] = pick };
        }
    }

    /// <summary>The purchase an AttachPurchase action in a PUT body asks for; null for no such instruction.</summary>
    public static int? PurchaseToAttach(JsonNode? action) =>
        action is JsonObject a && a["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String && t.GetValue<string>() == "AttachPurchase"
            && a["purchaseId"] is JsonValue p && p.TryGetValue<int>(out var id)
            ? id
            : null;
}
