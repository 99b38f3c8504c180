using System.Text.Json;
using System.Text.Json.Serialization;
using LuccaInbox.Lucca.Models;

namespace LuccaInbox.Lucca;

/// <summary>
/// How every Lucca payload is read and written. Reading is tolerant (API-FACTS §15.20 and the 2026-12-02 addendum):
/// every property is optional, scalars accept the forms a real tenant's history holds (numbers as strings, dates with a
/// time part, "false" as a string), and an item, document or booked document that still cannot be read field by field
/// is kept with what could be read and the list of what could not (<see cref="TolerantReader"/>).
/// </summary>
public static class LuccaJson
{
    /// <summary>Lenient scalars only: what the tolerant reader uses inside an item, so a failure names its path.</summary>
    internal static readonly JsonSerializerOptions Inner = CreateInner();

    /// <summary>camelCase, numbers as numbers; items, documents and booked documents read tolerantly.</summary>
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateInner()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowReadingFromString };
        options.Converters.Add(new LenientDateOnlyConverter());
        options.Converters.Add(new LenientDateTimeOffsetConverter());
        options.Converters.Add(new LenientBooleanConverter());
        options.Converters.Add(new LenientStringConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(Inner);
        options.Converters.Add(new TolerantConverter<InboxItem>((item, raw, unreadable) => item.Read(raw, unreadable)));
        options.Converters.Add(new TolerantConverter<Document>((document, raw, unreadable) => document.Read(raw, unreadable)));
        options.Converters.Add(new TolerantConverter<BookedDocument>((booked, raw, unreadable) => booked.Read(raw, unreadable)));
        options.Converters.Add(new TolerantConverter<Supplier>((supplier, raw, unreadable) => supplier.Read(raw, unreadable)));
        options.Converters.Add(new TolerantConverter<Purchase>((purchase, raw, unreadable) => purchase.Read(raw, unreadable)));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
