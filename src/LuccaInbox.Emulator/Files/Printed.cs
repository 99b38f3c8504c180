using System.Globalization;
using LuccaInbox.Emulator.Seeding;

namespace LuccaInbox.Emulator.Files;

/// <summary>Dates and amounts as the suppliers print them.</summary>
internal static class Printed
{
    public static string Date(DateOnly date) => date.ToString("dd MMM yyyy", CultureInfo.InvariantCulture);

    public static string Number(decimal value, string currency) =>
        value.ToString(InvoiceSeeder.DecimalsOf(currency) == 0 ? "N0" : "N2", CultureInfo.InvariantCulture);

    public static string Amount(decimal value, string currency) => $"{Number(value, currency)} {currency}";
}
