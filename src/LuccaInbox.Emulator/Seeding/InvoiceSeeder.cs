using System.Globalization;
using System.Text.Json.Nodes;

namespace LuccaInbox.Emulator.Seeding;

/// <summary>A scanned file; <paramref name="Original"/> says what GET /files/{id} serves for it.</summary>
public sealed record SeededFile(Guid FileId, string FileName, int PageCount, PaperInvoice Paper, OriginalKind Original = OriginalKind.Text);

public sealed record SeedData(IReadOnlyList<JsonObject> InboxItems, IReadOnlyList<JsonObject> BookedDocuments,
    IReadOnlyList<SeededFile> Files, IReadOnlyList<JsonObject> Users, IReadOnlyList<JsonObject> Purchases,
    IReadOnlyList<SeededSupplier> Suppliers, IReadOnlyList<SeededTruth> Truth);

/// <summary>
/// Deterministic fake data for the emulator: inbox items (pre-booking documents), booked documents,
/// the scanned files behind every attachment, users and purchases. Same (seed, documents, now) gives
/// the same output. Inbox item ids start at 5001, their document ids at 70001 (step 3), booked ids at 90001; on a big
/// tenant a range moves up so that no id is ever an id of two kinds (API-FACTS §15.6: the two ids must differ).
/// </summary>
public static class InvoiceSeeder
{
    public const string UserHrefBase = "https://emulated.ilucca.net/api/v3/users/";
    public const string CustomerName = "Altimance SAS";

    private static readonly decimal[] VatRatePercents = [20m, 10m, 5.5m, 2.1m]; // rateTypeId 1 to 4

    public static SeedData Generate(int seed, int documents, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documents);
        return new Generator(seed, now).Run(documents);
    }

    /// <summary>rateTypeId of a VAT percentage: 1 = 20 %, 2 = 10 %, 3 = 5.5 %, 4 = 2.1 %.</summary>
    public static int RateTypeIdFor(decimal ratePercent)
    {
        var index = Array.IndexOf(VatRatePercents, ratePercent);
        return index >= 0 ? index + 1 : throw new ArgumentOutOfRangeException(nameof(ratePercent), ratePercent, "Unknown VAT rate.");
    }

    public static decimal RatePercentFor(int rateTypeId) => rateTypeId >= 1 && rateTypeId <= VatRatePercents.Length
        ? VatRatePercents[rateTypeId - 1]
        : throw new ArgumentOutOfRangeException(nameof(rateTypeId), rateTypeId, "Unknown VAT rate type.");

    /// <summary>First document id: 70001, or above the inbox ids when they would reach it.</summary>
    public static int DocumentIdBase(int documents) => Math.Max(70001, NextRangeStart(5001 + documents));

    /// <summary>First seeded booked id: 90001, or above the document ids when they would reach it.</summary>
    public static int BookedIdBase(int documents) => Math.Max(90001, NextRangeStart(DocumentIdBase(documents) + 3 * documents));

    /// <summary>A round start (x0001) above <paramref name="id"/>.</summary>
    public static int NextRangeStart(long id) => checked((int)((id / 10000 + 1) * 10000 + 1));

    /// <summary>Decimals used for a currency's amounts (JPY has none).</summary>
    public static int DecimalsOf(string currency) => currency == "JPY" ? 0 : 2;

    /// <summary>Timestamps as Lucca writes them: 7 fractional digits and a +00:00 offset.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'", CultureInfo.InvariantCulture);

    public static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static decimal Round(decimal value, string currency) =>
        Math.Round(value, DecimalsOf(currency), MidpointRounding.AwayFromZero);

    /// <summary>One run. Every draw comes from one Random in a fixed order: reordering draws changes the data.</summary>
    private sealed class Generator
    {
        private static readonly (string, double)[] Currencies =
            [("EUR", 80), ("USD", 8), ("GBP", 6), ("CHF", 4), ("SEK", 1.2), ("JPY", 0.8)];
        private static readonly Dictionary<string, decimal> EurRates = new()
        {
            ["EUR"] = 1m, ["USD"] = 0.9214m, ["GBP"] = 1.1698m, ["CHF"] = 1.0473m, ["SEK"] = 0.0871m, ["JPY"] = 0.00617m,
        };
        private static readonly (string, double)[] OcrStatuses =
            [("Processed", 60), ("NotApplicable", 15), ("Failed", 10), ("Pending", 8), ("Processing", 7)];
        private static readonly (string, double)[] Sources = [("email", 55), ("upload", 35), ("api", 10)];
        private static readonly (string, double)[] ConformityStates =
            [("Confirmed", 55), ("ToReview", 14), ("PendingBreakdown", 7), ("Litigation", 5), ("Discarded", 6), ("Removed", 4), ("Bypassed", 9)];
        private static readonly (string, double)[] ConfirmedPaymentStates =
            [("Paid", 60), ("ToPay", 18), ("Emitting", 7), ("UnderReview", 5), ("OnHold", 4), ("Rejected", 3), ("None", 3)];
        private static readonly (string, double)[] PaymentMethods =
            [("BankTransfer", 78), ("DirectDebit", 12), ("Check", 4), ("PhysicalCard", 4), ("SingleUseCard", 2)];

        private readonly Random rnd;
        private readonly DateTimeOffset utcNow;
        private readonly InvoicePaperFactory papers;
        private readonly PaperReader reader;
        private readonly ScannedFiles scans;
        private readonly PaperTwists twists;
        private readonly List<BookedPaper> bookedPapers = [];
        private Supplier[] suppliers = [];
        private Purchase[] purchases = [];
        private Dictionary<string, Purchase[]> purchasesByCurrency = [];
        private int documentCount;

        public Generator(int seed, DateTimeOffset now)
        {
            rnd = new Random(seed);
            utcNow = now.ToUniversalTime();
            papers = new InvoicePaperFactory(rnd);
            reader = new PaperReader(rnd);
            scans = new ScannedFiles(rnd);
            twists = new PaperTwists(new Random(unchecked(seed * 31 + 16))); // its own sequence: existing seeded facts stay as they were
        }

        public SeedData Run(int documents)
        {
            documentCount = documents;
            suppliers = SupplierCatalogue.Suppliers.Select(MakeSupplier).ToArray();
            purchases = Enumerable.Range(0, 40).Select(MakePurchase).ToArray();
            purchasesByCurrency = purchases.GroupBy(p => p.Supplier.Def.Currency).ToDictionary(g => g.Key, g => g.ToArray());
            var bookedCount = Math.Max(20, documents / 5);
            var booked = new JsonObjectListBuilder();
            for (var i = 0; i < bookedCount; i++) // first: some inbox documents duplicate booked ones
            {
                SeedJsonWriter.WriteBookedDocument(booked.Next(), DraftBookedDocument(i, bookedCount));
            }

            var inbox = new JsonObjectListBuilder();
            var truth = new List<SeededTruth>(documents);
            for (var i = 0; i < documents; i++)
            {
                var draft = DraftInboxItem(i, documents);
                SeedJsonWriter.WriteInboxItem(inbox.Next(), draft);
                truth.Add(PaperTwists.Truth(draft));
            }

            var (users, purchaseList) = (new JsonObjectListBuilder(), new JsonObjectListBuilder());
            Array.ForEach(SupplierCatalogue.Users, user => SeedJsonWriter.WriteUser(users.Next(), null, user));
            Array.ForEach(purchases, purchase => SeedJsonWriter.WritePurchase(purchaseList.Next(), null, purchase, withSupplier: true));
            return new SeedData(inbox.Complete(), booked.Complete(), scans.All, users.Complete(), purchaseList.Complete(),
                suppliers.Select(PaperTwists.Seeded).ToList(), truth);
        }

        private Supplier MakeSupplier(SupplierDef def)
        {
            var (iban, bic) = def.BankCountry is null ? ((string?)null, (string?)null) : IbanGenerator.Generate(rnd, def.BankCountry);
            var (identifier, vatNumber) = VatNumbers.For(def.Id, def.Country);
            return new Supplier(def, iban, bic) { NextNumber = rnd.Next(100, 5000), LegalIdentifier = identifier, VatNumber = vatNumber };
        }

        private Purchase MakePurchase(int k)
        {
            var supplier = suppliers[k % suppliers.Length];
            var (names, subscription, _) = SupplierCatalogue.Categories[supplier.Def.Category];
            var name = string.Format(CultureInfo.InvariantCulture, names[k / suppliers.Length % names.Length], utcNow.Year);
            return new Purchase(280 + 7 * k, name, subscription, supplier);
        }

        private InboxItemDraft DraftInboxItem(int i, int count)
        {
            var createdAt = Spread(i, count, TimeSpan.FromDays(60), TimeSpan.Zero);
            var (created, modified) = CreatedAndModified(createdAt);
            var owner = PickUser();
            var author = rnd.NextDouble() < 0.7 ? owner : PickUser();
            var modifier = modified == created ? author : PickUser();
            var duplicateOf = rnd.NextDouble() < 0.03 ? FindBookedBefore(createdAt) : null;
            var purchase = duplicateOf?.Purchase ?? PickPurchase();
            var supplier = purchase.Supplier;
            var credit = duplicateOf?.Credit ?? rnd.NextDouble() < 0.12;
            var paper = duplicateOf?.Paper ?? twists.MaybeFraudulentIban(papers.Build(supplier, credit, DocumentDateFor(createdAt)), supplier, credit);
            var status = duplicateOf is null ? rnd.Pick(OcrStatuses) : rnd.NextDouble() < 0.8 ? "Processed" : "NotApplicable";
            var reading = reader.Read(paper, status, misread: duplicateOf is null && status == "Processed" && rnd.NextDouble() < 0.15);
            var breakdown = MaybeBreakdownId(0.08);
            var label = MaybeAccountingLabel(supplier, 0.35);
            var comment = MaybeComment(0.12);
            var attachments = scans.AddFor(paper, credit, twists.PickOriginal(supplier.Def));
            var payment = reading.Amounts ? PickPayment(supplier) : null;
            if (payment is not null && paper.SupplierIban != supplier.Iban)
            {
                payment = new Payment("BankTransfer", paper.SupplierIban, paper.SupplierBic); // what OCR read off the fraudulent paper
            }
            var source = rnd.Pick(Sources);
            return new InboxItemDraft(Id: 5001 + i, DocumentId: DocumentIdBase(documentCount) + 3 * i, Credit: credit, Owner: owner, Purchase: purchase,
                Paper: paper, Reading: reading, BreakdownId: breakdown, AccountingLabel: label, Comment: comment,
                Attachments: attachments, OcrStatus: status, Payment: payment, SourceType: source,
                Stamps: new Stamps(created, modified, author, modifier));
        }

        private BookedDocumentDraft DraftBookedDocument(int i, int count)
        {
            var createdAt = Spread(i, count, TimeSpan.FromDays(240), TimeSpan.FromDays(2));
            var (created, modified) = CreatedAndModified(createdAt);
            var (author, modifier) = (PickUser(), PickUser());
            var purchase = PickPurchase();
            var credit = rnd.NextDouble() < 0.10;
            var paper = papers.Build(purchase.Supplier, credit, DocumentDateFor(createdAt));
            bookedPapers.Add(new BookedPaper(purchase, paper, credit, createdAt));
            var expected = rnd.NextDouble() < 0.1
                ? Round(paper.TotalExcludingTaxes * (0.95m + 0.1m * (decimal)rnd.NextDouble()), paper.Currency) : paper.TotalExcludingTaxes;
            var conformity = rnd.Pick(ConformityStates);
            var paymentState = PaymentStateFor(conformity);
            var completion = CompletionFor(conformity);
            var breakdown = MaybeBreakdownId(0.1);
            var attachments = scans.AddFor(paper, credit, twists.PickOriginal(purchase.Supplier.Def));
            var payment = PickPayment(purchase.Supplier);
            DateOnly? paymentDate = paymentState == "Paid" ? PaymentDate(paper) : null;
            var flag = rnd.NextDouble() < 0.08 ? "Flagged" : "Unflagged";
            var label = MaybeAccountingLabel(purchase.Supplier, 0.7);
            var comment = MaybeComment(0.15);
            var commentsCount = rnd.NextDouble() < 0.7 ? 0 : rnd.Next(1, 5);
            return new BookedDocumentDraft(Id: BookedIdBase(documentCount) + i, Credit: credit, Purchase: purchase, Paper: paper,
                EurRate: EurRates[paper.Currency], ExpectedAmount: expected, BreakdownId: breakdown, Attachments: attachments,
                Payment: payment, PaymentDate: paymentDate, ConformityState: conformity, PaymentState: paymentState,
                Completion: completion, Flag: flag, AccountingLabel: label, Comment: comment, CommentsCount: commentsCount,
                Stamps: new Stamps(created, modified, author, modified == created ? author : modifier));
        }

        private string PaymentStateFor(string conformity) => conformity switch
        {
            "Confirmed" => rnd.Pick(ConfirmedPaymentStates),
            "Discarded" or "Removed" => rnd.NextDouble() < 0.5 ? "Cancelled" : "None",
            "Litigation" => rnd.NextDouble() < 0.6 ? "OnHold" : "None",
            "Bypassed" => rnd.NextDouble() < 0.5 ? "Paid" : "ToPay",
            _ => rnd.NextDouble() < 0.7 ? "None" : "UnderReview",
        };

        private string CompletionFor(string conformity) => conformity switch
        {
            "ToReview" => "ToReview", "PendingBreakdown" => "Partial", "Litigation" => "Disputed",
            _ => rnd.NextDouble() < 0.9 ? "Complete" : "Partial",
        };

        private DateOnly PaymentDate(PaperInvoice paper)
        {
            var target = (paper.DueDate ?? paper.Date.AddDays(30)).AddDays(-rnd.Next(0, 6));
            var today = DateOnly.FromDateTime(utcNow.UtcDateTime);
            return target > today ? today : target < paper.Date ? paper.Date : target;
        }

        private Payment PickPayment(Supplier supplier)
        {
            var method = supplier.Iban is null ? (rnd.NextDouble() < 0.6 ? "PhysicalCard" : "SingleUseCard") : rnd.Pick(PaymentMethods);
            return method is "BankTransfer" or "DirectDebit" ? new Payment(method, supplier.Iban, supplier.Bic) : new Payment(method, null, null);
        }

        private int? MaybeBreakdownId(double chance) => rnd.NextDouble() < chance ? rnd.Next(1, 400) : null;

        private string? MaybeAccountingLabel(Supplier supplier, double chance) =>
            rnd.NextDouble() < chance ? SupplierCatalogue.Categories[supplier.Def.Category].Label : null;

        private string? MaybeComment(double chance) =>
            rnd.NextDouble() < chance ? SupplierCatalogue.Comments[rnd.Next(SupplierCatalogue.Comments.Length)] : null;

        private BookedPaper? FindBookedBefore(DateTimeOffset createdAt)
        {
            for (var attempt = 0; attempt < 5 && bookedPapers.Count > 0; attempt++)
            {
                var candidate = bookedPapers[rnd.Next(bookedPapers.Count)];
                if (candidate.CreatedAt < createdAt)
                {
                    return candidate;
                }
            }

            return null;
        }

        private DateTimeOffset Spread(int i, int count, TimeSpan from, TimeSpan to) =>
            utcNow - from + TimeSpan.FromTicks((long)((i + rnd.NextDouble()) / count * (from - to).Ticks));

        private (string Created, string Modified) CreatedAndModified(DateTimeOffset createdAt) =>
            (FormatTimestamp(createdAt), FormatTimestamp(Later(createdAt)));

        private DateTimeOffset Later(DateTimeOffset createdAt) => rnd.NextDouble() < 0.4
            ? createdAt
            : createdAt + TimeSpan.FromTicks((long)(rnd.NextDouble() * Math.Min((utcNow - createdAt).Ticks, TimeSpan.TicksPerDay * 3)));

        private DateOnly DocumentDateFor(DateTimeOffset createdAt) =>
            DateOnly.FromDateTime(createdAt.UtcDateTime).AddDays(-rnd.Next(0, 21));

        private Purchase PickPurchase()
        {
            var matching = purchasesByCurrency[rnd.Pick(Currencies)];
            return matching[rnd.Next(matching.Length)];
        }

        private User PickUser() => SupplierCatalogue.Users[rnd.Next(SupplierCatalogue.Users.Length)];

        private sealed record BookedPaper(Purchase Purchase, PaperInvoice Paper, bool Credit, DateTimeOffset CreatedAt);
    }
}
