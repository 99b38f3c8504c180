using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LuccaInbox.Emulator.Inbox;

/// <summary>
/// Strict checks of a PUT body (API-FACTS §5). Lucca's exact rules are not documented; the emulator is
/// deliberately at least as strict as a careful client, so client bugs show up in tests.
/// </summary>
/// <param name="acceptDateTimes">A server that renders dates with a time part takes them back in that form.</param>
public sealed class InboxDocumentValidator(IReadOnlySet<int> knownUsers, IReadOnlySet<int> knownPurchases, bool acceptDateTimes = false)
{
    private static readonly string[] DocumentTypes = ["Invoice", "CreditNote"];
    private static readonly string[] PurchaseTypes = ["Subscription", "OneTime"];
    private static readonly string[] PaymentMethods = ["BankTransfer", "PhysicalCard", "Check", "DirectDebit", "SingleUseCard"];
    private static readonly Dictionary<string, int> IbanLengths = new()
    {
        ["FR"] = 27, ["DE"] = 22, ["GB"] = 22, ["CH"] = 21, ["ES"] = 24, ["IT"] = 27, ["BE"] = 16, ["NL"] = 18,
        ["LU"] = 20, ["PT"] = 25, ["AT"] = 20, ["IE"] = 22, ["MC"] = 27, ["PL"] = 28, ["SE"] = 24, ["DK"] = 18,
    };

    private readonly Dictionary<string, List<string>> _errors = new();

    public Dictionary<string, List<string>> Validate(JsonObject body)
    {
        _errors.Clear();
        if (body["document"] is not JsonObject document)
        {
            Add("document", "The document field is required and must be an object.");
            return _errors;
        }

        OptionalInt(document, "ownerId", id => knownUsers.Contains(id), "No user with this id.");
        OptionalEnum(document, "type", DocumentTypes);
        OptionalDate(document, "documentDate");
        OptionalDate(document, "dueDate");
        OptionalString(document, "documentNumber", 100);
        OptionalString(document, "accountingLabel", 255);
        OptionalString(document, "comment", 2000);
        if (document["intraCommunityTaxes"] is { } ict && ict.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            Add("document.intraCommunityTaxes", "Must be true or false.");
        }
        ValidateContext(document["context"]);
        ValidateAmounts(document["amountIncludingTaxes"]);
        ValidatePayment(document["paymentDetails"]);
        ValidateAction(body["action"]);
        return _errors;
    }

    private void ValidateContext(JsonNode? context)
    {
        if (context is null) return;
        if (context is not JsonObject c) { Add("document.context", "Must be an object."); return; }
        if (c["purchase"] is null) return;
        if (c["purchase"] is not JsonObject purchase) { Add("document.context.purchase", "Must be an object."); return; }
        if (!TryInt(purchase["id"], out var id) || !knownPurchases.Contains(id)) Add("document.context.purchase.id", "No purchase with this id.");
        if (purchase["type"] is { } type && (type.GetValueKind() != JsonValueKind.String || !PurchaseTypes.Contains(type.GetValue<string>())))
        {
            Add("document.context.purchase.type", $"Must be one of {string.Join(", ", PurchaseTypes)}.");
        }
    }

    private void ValidateAmounts(JsonNode? node)
    {
        if (node is null) return;
        const string path = "document.amountIncludingTaxes";
        if (node is not JsonObject amounts) { Add(path, "Must be an object."); return; }
        var currencies = new HashSet<string>();
        Amount(amounts["excludingTaxes"], $"{path}.excludingTaxes", currencies);
        Amount(amounts["includingTaxes"], $"{path}.includingTaxes", currencies);
        if (amounts["taxes"] is JsonArray taxes)
        {
            for (var i = 0; i < taxes.Count; i++)
            {
                var taxPath = $"{path}.taxes[{i}]";
                if (taxes[i] is not JsonObject tax) { Add(taxPath, "Must be an object."); continue; }
                if (!TryInt(tax["rateTypeId"], out var rate) || rate < 1) Add($"{taxPath}.rateTypeId", "A VAT rate type id is required.");
                Amount(tax, taxPath, currencies);
            }
        }
        else if (amounts["taxes"] is not null)
        {
            Add($"{path}.taxes", "Must be an array.");
        }
        if (currencies.Count > 1) Add($"{path}", "All amounts of a document must be in the same currency.");
    }

    private void Amount(JsonNode? node, string path, HashSet<string> currencies)
    {
        if (node is null) return;
        if (node is not JsonObject amount) { Add(path, "Must be an object."); return; }
        if (amount["value"] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<decimal>(out var number))
        {
            Add($"{path}.value", "Must be a number.");
        }
        else if (Math.Abs(number) > 1_000_000_000m)
        {
            Add($"{path}.value", "Is out of range.");
        }
        if (amount["currency"] is not JsonValue currency || currency.GetValueKind() != JsonValueKind.String
            || !LuccaCurrencies.Codes.Contains(currency.GetValue<string>()))
        {
            Add($"{path}.currency", "Must be an ISO-4217 currency code.");
        }
        else
        {
            currencies.Add(currency.GetValue<string>());
        }
    }

    private void ValidatePayment(JsonNode? node)
    {
        if (node is null) return;
        if (node is not JsonObject payment) { Add("document.paymentDetails", "Must be an object."); return; }
        OptionalEnum(payment, "paymentMethod", PaymentMethods, "document.paymentDetails.");
        if (payment["bankAccount"] is null) return;
        if (payment["bankAccount"] is not JsonObject account) { Add("document.paymentDetails.bankAccount", "Must be an object."); return; }
        if (StringOf(account["iban"]) is { Length: > 0 } iban && !IsValidIban(iban))
        {
            Add("document.paymentDetails.bankAccount.iban", "Is not a valid IBAN.");
        }
        if (StringOf(account["bic"]) is { Length: > 0 } bic && !IsValidBic(bic))
        {
            Add("document.paymentDetails.bankAccount.bic", "Is not a valid BIC.");
        }
    }

    private void ValidateAction(JsonNode? node)
    {
        if (node is null) return;
        if (node is not JsonObject action) { Add("action", "Must be an object."); return; }
        if (action["type"] is { } type && type.GetValueKind() != JsonValueKind.String) Add("action.type", "Must be a string.");
        if (action["purchaseId"] is { } purchaseId && (!TryInt(purchaseId, out var id) || !knownPurchases.Contains(id)))
        {
            Add("action.purchaseId", "No purchase with this id.");
        }
    }

    public static bool IsValidIban(string iban)
    {
        var compact = iban.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (compact.Length < 15 || compact.Length > 34 || !compact.All(char.IsAsciiLetterOrDigit)) return false;
        if (IbanLengths.TryGetValue(compact[..2], out var length) && compact.Length != length) return false;
        return Seeding.IbanGenerator.Mod97(compact[4..] + compact[..4]) == 1;
    }

    public static bool IsValidBic(string bic) =>
        bic.Length is 8 or 11 && bic[..6].All(char.IsAsciiLetterUpper) && bic[6..].All(char.IsAsciiLetterOrDigit);

    private void OptionalInt(JsonObject o, string name, Func<int, bool> accept, string message)
    {
        if (o[name] is null) return;
        if (!TryInt(o[name], out var value) || !accept(value)) Add($"document.{name}", message);
    }

    private void OptionalEnum(JsonObject o, string name, string[] allowed, string prefix = "document.")
    {
        if (o[name] is null) return;
        if (StringOf(o[name]) is not { } value || !allowed.Contains(value, StringComparer.Ordinal))
        {
            Add(prefix + name, $"Must be one of {string.Join(", ", allowed)}.");
        }
    }

    private void OptionalDate(JsonObject o, string name)
    {
        if (o[name] is null) return;
        var text = StringOf(o[name]);
        if (acceptDateTimes && text is { Length: > 10 } && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)) return;
        if (text is null || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            Add($"document.{name}", "Must be a date (yyyy-MM-dd).");
        }
    }

    private void OptionalString(JsonObject o, string name, int maxLength)
    {
        if (o[name] is null) return;
        if (StringOf(o[name]) is not { } text) Add($"document.{name}", "Must be a string.");
        else if (text.Length > maxLength) Add($"document.{name}", $"Must be at most {maxLength} characters.");
    }

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool TryInt(JsonNode? node, out int value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out value);
    }

    private void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }
}
