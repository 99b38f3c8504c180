using LuccaInbox.Web.Documents;

namespace LuccaInbox.Web.Suppliers;

public enum BankStatus { SupplierUnknown, NoIbanOnInvoice, NoAccountOnFile, Matches, Differs }

/// <summary>The invoice's IBAN against the supplier's bank account on file. A different IBAN is how the most common AP
/// fraud (a fake or altered invoice with new bank details) gets paid: booking it takes a stated reason.</summary>
public sealed record BankCheck(BankStatus Status, string Message)
{
    public bool NeedsReason => Status == BankStatus.Differs;

    /// <param name="formIban">The IBAN on the form (what OCR read or the clerk typed).</param>
    /// <param name="invoiceIban">The IBAN in the invoice's own Factur-X data, when it has some.</param>
    private static string? Normalize(string? iban) => string.IsNullOrWhiteSpace(iban) ? null : BankDetails.Compact(iban);

    public static BankCheck Of(SupplierInfo? supplier, string? formIban, string? invoiceIban)
    {
        var ibans = new[] { formIban, invoiceIban }.Select(Normalize).OfType<string>().Distinct().ToList();
        if (supplier is null) return new(BankStatus.SupplierUnknown, "The supplier of this purchase is not known here yet, so its bank details cannot be checked.");
        if (ibans.Count == 0) return new(BankStatus.NoIbanOnInvoice, "No IBAN on this invoice.");
        if (Normalize(supplier.Iban) is not { } onFile)
        {
            return new(BankStatus.NoAccountOnFile, $"{supplier.Name} has no bank account on file in Lucca: the IBAN {BankDetails.Grouped(ibans[0])} cannot be checked against it.");
        }
        var other = ibans.FirstOrDefault(iban => iban != onFile);
        return other is null
            ? new(BankStatus.Matches, $"The IBAN is {supplier.Name}'s bank account on file.")
            : new(BankStatus.Differs, $"The IBAN on this invoice ({BankDetails.Grouped(other)}) is not {supplier.Name}'s bank account on file ({BankDetails.Grouped(onFile)}). " +
                "Changed bank details are how invoice fraud gets paid: confirm them with the supplier on a number you already know before booking.");
    }
}

/// <summary>The seller's VAT number on the invoice (its Factur-X data) against the supplier's on file.</summary>
public sealed record VatNumberCheck(bool Differs, string Message)
{
    public static VatNumberCheck? Of(SupplierInfo? supplier, string? invoiceVatNumber)
    {
        if (supplier is null || Compact(invoiceVatNumber) is not { } onInvoice) return null;
        if (Compact(supplier.VatNumber) is not { } onFile) return new(false, $"{supplier.Name} has no VAT number on file; the invoice gives {onInvoice}.");
        return onFile == onInvoice
            ? new(false, $"The VAT number {onInvoice} is {supplier.Name}'s.")
            : new(true, $"The invoice's VAT number ({onInvoice}) is not {supplier.Name}'s on file ({onFile}): check that this invoice is really from this supplier.");
    }

    private static string? Compact(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : new string(value.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
}
