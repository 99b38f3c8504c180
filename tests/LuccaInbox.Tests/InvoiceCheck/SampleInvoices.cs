using LuccaInbox.Web.InvoiceCheck;

namespace LuccaInbox.Tests.InvoiceCheck;

/// <summary>Invoices as FR, DE, EN, CH and JP suppliers print them, with the form a careful clerk would fill in.
/// A tab in a row is a wide gap (label and value in two columns).</summary>
internal sealed record SampleInvoice(string Name, string[] Rows, FormFacts CorrectForm)
{
    public InvoiceOriginal TextLayer() => TestPdfs.TextLayer(Rows);

    public override string ToString() => Name;

    public static readonly SampleInvoice French = new("FR",
    [
        "Papeterie Dupont SARL", "12 rue de la Paix 75002 Paris", "FACTURE",
        "N° facture : FA-2026-0457", "Date de facture : 15/11/2026", "Date d'échéance : 15/12/2026",
        "Désignation\tQté\tPU HT\tMontant HT", "Ramettes papier A4\t20\t51,44\t1 028,80",
        "Total HT\t1 028,80 €", "TVA 20 %\t205,76 €", "Total TTC\t1 234,56 €",
        "IBAN : FR76 3000 6000 0112 3456 7890 189", "BIC : BNPAFRPP",
    ],
    new FormFacts("FA-2026-0457", InvoiceKind.Invoice, new DateOnly(2026, 11, 15), new DateOnly(2026, 12, 15), "EUR",
        1028.80m, 1234.56m, [new FormVatLine(20m, 205.76m)], "FR7630006000011234567890189", "BNPAFRPP"));

    public static readonly SampleInvoice German = new("DE",
    [
        "Bürobedarf Müller GmbH", "Hauptstraße 5, 10115 Berlin", "Rechnung",
        "Rechnungsnummer: RE-10457", "Rechnungsdatum: 15.11.2026", "Lieferdatum: 12.11.2026", "Fällig am: 15.12.2026",
        "Pos.\tBezeichnung\tMenge\tBetrag", "1\tDruckerpapier\t20\t1.028,80",
        "Nettobetrag\t1.028,80 EUR", "USt. 19 %\t195,47 EUR", "Gesamtbetrag\t1.224,27 EUR",
        "IBAN: DE89 3704 0044 0532 0130 00", "BIC: COBADEFFXXX",
    ],
    new FormFacts("RE-10457", InvoiceKind.Invoice, new DateOnly(2026, 11, 15), new DateOnly(2026, 12, 15), "EUR",
        1028.80m, 1224.27m, [new FormVatLine(19m, 195.47m)], "DE89370400440532013000", "COBADEFFXXX"));

    public static readonly SampleInvoice English = new("EN",
    [
        "Acme Ltd", "1 High Street, London", "INVOICE",
        "Invoice No: INV-003443", "Invoice Date: November 15, 2026", "Due Date: Dec 15, 2026",
        "Description\tQty\tAmount", "Consulting\t4\t£1,028.80",
        "Subtotal\t£1,028.80", "VAT 20%\t£205.76", "Total\t£1,234.56",
        "IBAN GB29 NWBK 6016 1331 9268 19", "BIC NWBKGB2L",
    ],
    new FormFacts("INV-003443", InvoiceKind.Invoice, new DateOnly(2026, 11, 15), new DateOnly(2026, 12, 15), "GBP",
        1028.80m, 1234.56m, [new FormVatLine(20m, 205.76m)], "GB29NWBK60161331926819", "NWBKGB2L"));

    public static readonly SampleInvoice Swiss = new("CH",
    [
        "Bürodienst AG", "Bahnhofstrasse 1, 8001 Zürich", "Rechnung Nr. 2026-0457",
        "Datum: 15. November 2026", "Zahlbar bis: 15.12.2026",
        "Total exkl. MWST\tCHF 1'028.80", "MWST 8.1 %\tCHF 83.33", "Total inkl. MWST\tCHF 1'112.13",
        "IBAN CH93 0076 2011 6238 5295 7",
    ],
    new FormFacts("2026-0457", InvoiceKind.Invoice, new DateOnly(2026, 11, 15), new DateOnly(2026, 12, 15), "CHF",
        1028.80m, 1112.13m, [new FormVatLine(8.1m, 83.33m)], "CH9300762011623852957", null));

    public static readonly SampleInvoice Japanese = new("JPY",
    [
        "Tokyo Supplies KK", "INVOICE No. JP-77821", "Date: 2026-11-15", "Due: 2026-12-15",
        "Subtotal\t¥123,456", "Consumption tax 10%\t¥12,345", "Total\t¥135,801",
    ],
    new FormFacts("JP-77821", InvoiceKind.Invoice, new DateOnly(2026, 11, 15), new DateOnly(2026, 12, 15), "JPY",
        123456m, 135801m, [new FormVatLine(10m, 12345m)], null, null));

    public static readonly SampleInvoice FrenchCreditNote = new("FR credit note",
    [
        "Papeterie Dupont SARL", "AVOIR N° AV-2026-0031", "sur facture FA-2026-0457", "Date : 20 novembre 2026",
        "Total HT\t-100,00 €", "TVA 20 %\t-20,00 €", "Total TTC\t-120,00 €",
    ],
    new FormFacts("AV-2026-0031", InvoiceKind.CreditNote, new DateOnly(2026, 11, 20), null, "EUR",
        -100m, -120m, [new FormVatLine(20m, -20m)], null, null));

    public static IEnumerable<SampleInvoice> All => [French, German, English, Swiss, Japanese, FrenchCreditNote];

    public static TheoryData<string> Names => [.. All.Select(invoice => invoice.Name)];

    public static SampleInvoice Named(string name) => All.Single(invoice => invoice.Name == name);
}
