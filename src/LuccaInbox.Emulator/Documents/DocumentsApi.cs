using System.Text.Json.Nodes;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Emulator.Profiles;

namespace LuccaInbox.Emulator.Documents;

public static class DocumentsApi
{
    public static void MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/cleemy-procurement/api");
        api.MapGet("/documents/{documentId:int}", (int documentId, EmulatorStore store) =>
            store.GetDocument(documentId) is { } found
                ? JsonResults.Json(found.Json, found.ETag)
                : Problems.NotFound($"No document with id {documentId}."));
        api.MapGet("/invoices/{invoiceId:int}", (int invoiceId, EmulatorStore store) =>
            store.GetBooked(invoiceId, "Invoice") is { } json ? JsonResults.Json(json) : Problems.NotFound($"No invoice with id {invoiceId}."));
        api.MapGet("/purchases", (HttpRequest request, EmulatorStore store) =>
            CollectionQuery.TryParse(request.Query, out var query, out var problem) ? JsonResults.Json(store.ListPurchases(query)) : problem!);

        // The reference and the guide disagree on the path (API-FACTS §9.2): serve both.
        api.MapGet("/booked-documents", ListBooked);
        app.MapGet("/cleemy-procurement/booked-documents", ListBooked);
    }

    private static IResult ListBooked(HttpRequest request, EmulatorStore store, EmulatorProfile profile)
    {
        if (!CollectionQuery.TryParse(request.Query, out var query, out var problem)) return problem!;
        if (ProfileAnswers.PageTooLarge(profile, query) is { } timeout) return timeout;
        if (!QueryFilters.TryInstant(request.Query, "createdAt.from", out var createdFrom))
        {
            return Problems.Validation(new Dictionary<string, List<string>> { ["createdAt.from"] = ["Must be an ISO 8601 date or date-time."] });
        }
        // Each conformity filter applies to its own type; a type with no filter is not filtered (API-FACTS §15.10).
        var invoiceStates = QueryFilters.List(request.Query, "invoice.conformityStates");
        var creditNoteStates = QueryFilters.List(request.Query, "creditNote.conformityStates");

        bool Matches(JsonObject doc)
        {
            var state = QueryFilters.Text(doc, "conformityState") ?? "";
            var statesForType = QueryFilters.Text(doc, "type") == "CreditNote" ? creditNoteStates : invoiceStates;
            return (statesForType is null || statesForType.Contains(state))
                && (createdFrom is null || QueryFilters.Instant(doc, "createdAt") >= createdFrom);
        }
        return JsonResults.Json(store.ListBooked(Matches, query));
    }
}
