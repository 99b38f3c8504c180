using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LuccaInbox.Emulator.Seeding;

/// <summary>One printed line. For a delivery note UnitPrice and Amount are 0 (nothing priced is printed).</summary>
public sealed record PaperLine(string Description, decimal Quantity, decimal UnitPrice, decimal Amount);

/// <summary>One VAT row as printed. <paramref name="Rate"/> is a percentage: 20 means 20 %.</summary>
public sealed record PaperVat(decimal Rate, decimal Base, decimal Amount);

/// <summary>The true facts printed on a scanned document (what OCR should have read).</summary>
public sealed record PaperInvoice(string SupplierName, string SupplierAddress, string? SupplierIban, string? SupplierBic,
    string DocumentKind /* "INVOICE" or "CREDIT NOTE" or "DELIVERY NOTE" */, string Number, DateOnly Date, DateOnly? DueDate,
    string Currency, IReadOnlyList<PaperLine> Lines, IReadOnlyList<PaperVat> Vat, decimal TotalExcludingTaxes,
    decimal TotalIncludingTaxes, string CustomerName);

public sealed record SeededFile(Guid FileId, string FileName, int PageCount, PaperInvoice Paper);

public sealed record SeedData(IReadOnlyList<JsonObject> InboxItems, IReadOnlyList<JsonObject> BookedDocuments,
    IReadOnlyList<SeededFile> Files, IReadOnlyList<JsonObject> Users, IReadOnlyList<JsonObject> Purchases);

/// <summary>How printed lines are spread over pages; shared by the seeder and the page renderer.</summary>
public static class PaperLayout
{
    public const int FirstPageLines = 12;
    public const int ContinuationPageLines = 30;

    public static int PagesForLines(int lineCount) => lineCount <= FirstPageLines
        ? 1 : 1 + (lineCount - FirstPageLines + ContinuationPageLines - 1) / ContinuationPageLines;
}

/// <summary>
/// Deterministic fake data for the emulator: inbox items (pre-booking documents), booked documents,
/// the scanned files behind every attachment, users and purchases. Same (seed, documents, now) gives
/// the same output. Inbox item ids start at 5001, their document ids at 70001 (step 3), booked ids at 90001.
/// </summary>
public static class InvoiceSeeder
{
    public const string UserHrefBase = "https://emulated.ilucca.net/api/v3/users/";
    public const string CustomerName = "Altimance SAS";

    public static SeedData Generate(int seed, int documents, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documents);
        return new Generator(seed, now).Run(documents);
    }

    /// <summary>rateTypeId of a VAT percentage: 1 = 20 %, 2 = 10 %, 3 = 5.5 %, 4 = 2.1 %.</summary>
    public static int RateTypeIdFor(decimal ratePercent) => ratePercent switch
    {
        20m => 1, 10m => 2, 5.5m => 3, 2.1m => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(ratePercent), ratePercent, "Unknown VAT rate."),
    };

    public static decimal RatePercentFor(int rateTypeId) => rateTypeId switch
    {
        1 => 20m, 2 => 10m, 3 => 5.5m, 4 => 2.1m,
        _ => throw new ArgumentOutOfRangeException(nameof(rateTypeId), rateTypeId, "Unknown VAT rate type."),
    };

    /// <summary>Decimals used for a currency's amounts (JPY has none).</summary>
    public static int DecimalsOf(string currency) => currency == "JPY" ? 0 : 2;

    /// <summary>Timestamps as Lucca writes them: 7 fractional digits and a +00:00 offset.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'", CultureInfo.InvariantCulture);

    public static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class Generator(int seed, DateTimeOffset now)
    {
        private readonly Random rnd = new(seed);
        private readonly DateTimeOffset utcNow = now.ToUniversalTime();
        private readonly List<SeededFile> files = [];
        private readonly List<Booked> bookedPapers = [];
        private Supplier[] suppliers = [];
        private Purchase[] purchases = [];
        private Dictionary<string, Purchase[]> purchasesByCurrency = [];
        private int nextAttachmentId = 300001;

        public SeedData Run(int documents)
        {
            suppliers = SupplierDefs.Select(MakeSupplier).ToArray();
            purchases = Enumerable.Range(0, 40).Select(MakePurchase).ToArray();
            purchasesByCurrency = purchases.GroupBy(p => p.Supplier.Def.Currency).ToDictionary(g => g.Key, g => g.ToArray());
            var bookedCount = Math.Max(20, documents / 5);
            var booked = new JsonItems();
            for (var i = 0; i < bookedCount; i++)
            {
                WriteBooked(booked.Next(), i, bookedCount); // first: some inbox documents duplicate booked ones
            }

            var inbox = new JsonItems();
            for (var i = 0; i < documents; i++)
            {
                WriteInboxItem(inbox.Next(), i, documents);
            }

            var (users, purchaseList) = (new JsonItems(), new JsonItems());
            Array.ForEach(Users, user => WriteUser(users.Next(), null, user));
            Array.ForEach(purchases, purchase => WritePurchase(purchaseList.Next(), null, purchase, withSupplier: true));
            return new SeedData(inbox.Complete(), booked.Complete(), files, users.Complete(), purchaseList.Complete());
        }

        private Supplier MakeSupplier(SupplierDef def)
        {
            var (iban, bic) = def.BankCountry is null ? ((string?)null, (string?)null) : IbanGenerator.Generate(rnd, def.BankCountry);
            return new Supplier(def, iban, bic) { NextNumber = rnd.Next(100, 5000) };
        }

        private Purchase MakePurchase(int k)
        {
            var supplier = suppliers[k % suppliers.Length];
            var (names, subscription, _) = Categories[supplier.Def.Category];
            var name = string.Format(CultureInfo.InvariantCulture, names[k / suppliers.Length % names.Length], utcNow.Year);
            return new Purchase(280 + 7 * k, name, subscription, supplier);
        }

        private void WriteInboxItem(Utf8JsonWriter w, int i, int count)
        {
            var createdAt = Spread(i, count, TimeSpan.FromDays(60), TimeSpan.Zero);
            var (created, modified) = (FormatTimestamp(createdAt), FormatTimestamp(Later(createdAt)));
            var owner = PickUser();
            var author = rnd.NextDouble() < 0.7 ? owner : PickUser();
            var modifier = modified == created ? author : PickUser();
            var dup = rnd.NextDouble() < 0.03 ? FindBookedBefore(createdAt) : null;
            var purchase = dup?.Purchase ?? PickPurchase();
            var supplier = purchase.Supplier;
            var credit = dup?.Credit ?? rnd.NextDouble() < 0.12;
            var paper = dup?.Paper ?? BuildPaper(supplier, credit, DocumentDateFor(createdAt));
            var status = dup is null ? Pick(OcrStatuses) : rnd.NextDouble() < 0.8 ? "Processed" : "NotApplicable";
            var read = ReadPaper(paper, status, misread: dup is null && status == "Processed" && rnd.NextDouble() < 0.15);
            var breakdown = rnd.NextDouble() < 0.08 ? rnd.Next(1, 400) : (int?)null;
            var label = rnd.NextDouble() < 0.35 ? Categories[supplier.Def.Category].Label : null;
            var comment = rnd.NextDouble() < 0.12 ? Comments[rnd.Next(Comments.Length)] : null;
            var attachments = AddFiles(paper, credit);
            var payment = read.Amounts ? PickPayment(supplier) : null;
            var source = Pick(Sources);
            w.WriteStartObject();
            w.WriteNumber("id", 5001 + i);
            w.WriteStartObject("document");
            w.WriteNumber("id", 70001 + 3 * i);
            WriteUser(w, "owner", owner);
            w.WriteString("type", credit ? "CreditNote" : "Invoice");
            w.WriteStartObject("context");
            WritePurchase(w, "purchase", purchase);
            w.WriteEndObject();
            WriteBreakdown(w, breakdown);
            w.WriteString("documentDate", read.Date is { } date ? FormatDate(date) : null);
            w.WriteString("documentNumber", read.Number);
            WriteTaxed(w, "amountIncludingTaxes", read.Amounts ? paper : null, paper.TotalIncludingTaxes + read.InclDelta, 1m);
            w.WriteString("accountingLabel", label);
            w.WriteString("comment", comment);
            w.WriteBoolean("intraCommunityTaxes", supplier.Def.IntraCommunity);
            WriteAttachments(w, attachments, created);
            w.WriteString("ocrStatus", status);
            w.WriteString("dueDate", read.Due is { } due ? FormatDate(due) : null);
            WritePayment(w, payment);
            WriteStamps(w, created, modified, author, modifier);
            w.WriteStartObject("supplierReference"); // not in Lucca's schema: clients must round-trip it untouched
            w.WriteString("code", $"SUP-{supplier.Def.Id:0000}");
            w.WriteString("source", status == "NotApplicable" ? "manual" : "ocr");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("source");
            w.WriteString("type", source);
            w.WriteEndObject();
            w.WriteStartObject("action");
            w.WriteEndObject();
            WriteStamps(w, created, modified, author, author);
            w.WriteEndObject();
        }

        /// <summary>What OCR (or the person keying it) extracted; ~15 % of Processed documents carry one error.</summary>
        private Reading ReadPaper(PaperInvoice paper, string status, bool misread)
        {
            if (status is not ("Processed" or "NotApplicable"))
            {
                return new Reading(null, null, null, false, 0m);
            }

            var reading = new Reading(paper.Number, paper.Date, paper.DueDate, true, 0m);
            return !misread ? reading : rnd.Next(3) switch
            {
                0 => reading with { Number = Misread(paper.Number) },
                1 => reading with { InclDelta = Misread(paper.TotalIncludingTaxes, paper.Currency) - paper.TotalIncludingTaxes },
                _ => reading with { Date = paper.Date.AddDays((rnd.Next(2) == 0 ? -1 : 1) * rnd.Next(1, 10)) },
            };
        }

        private string Misread(string number)
        {
            var digits = Enumerable.Range(0, number.Length).Where(k => char.IsAsciiDigit(number[k])).ToArray();
            var chars = number.ToCharArray();
            var at = digits[rnd.Next(digits.Length)];
            chars[at] = LookAlike(chars[at]);
            return new string(chars);
        }

        private decimal Misread(decimal amount, string currency)
        {
            var text = amount.ToString(DecimalsOf(currency) == 0 ? "F0" : "F2", CultureInfo.InvariantCulture).ToCharArray();
            var digits = Enumerable.Range(0, text.Length).Where(k => char.IsAsciiDigit(text[k]) && (k > 0 || text.Length < 4)).ToArray();
            var at = digits[rnd.Next(digits.Length)];
            text[at] = LookAlike(text[at]);
            var misread = decimal.Parse(new string(text), CultureInfo.InvariantCulture);
            return misread > 0 ? misread : amount + 1;
        }

        private static char LookAlike(char digit) => "8778965134"[digit - '0'];

        private void WriteBooked(Utf8JsonWriter w, int i, int count)
        {
            var createdAt = Spread(i, count, TimeSpan.FromDays(240), TimeSpan.FromDays(2));
            var (created, modified) = (FormatTimestamp(createdAt), FormatTimestamp(Later(createdAt)));
            var (author, modifier) = (PickUser(), PickUser());
            var purchase = PickPurchase();
            var credit = rnd.NextDouble() < 0.10;
            var paper = BuildPaper(purchase.Supplier, credit, DocumentDateFor(createdAt));
            bookedPapers.Add(new Booked(purchase, paper, credit, createdAt));
            var (currency, rate) = (paper.Currency, EurRates[paper.Currency]);
            var expected = rnd.NextDouble() < 0.1
                ? Round(paper.TotalExcludingTaxes * (0.95m + 0.1m * (decimal)rnd.NextDouble()), currency) : paper.TotalExcludingTaxes;
            var conformity = Pick(ConformityStates);
            var paymentState = PaymentStateFor(conformity);
            var completion = conformity switch
            {
                "ToReview" => "ToReview", "PendingBreakdown" => "Partial", "Litigation" => "Disputed",
                _ => rnd.NextDouble() < 0.9 ? "Complete" : "Partial",
            };
            var breakdown = rnd.NextDouble() < 0.1 ? rnd.Next(1, 400) : (int?)null;
            var attachments = AddFiles(paper, credit);
            var payment = PickPayment(purchase.Supplier);
            var paymentDate = paymentState == "Paid" ? FormatDate(PaymentDate(paper)) : null;
            var flag = rnd.NextDouble() < 0.08 ? "Flagged" : "Unflagged";
            var label = rnd.NextDouble() < 0.7 ? Categories[purchase.Supplier.Def.Category].Label : null;
            var comment = rnd.NextDouble() < 0.15 ? Comments[rnd.Next(Comments.Length)] : null;
            var commentsCount = rnd.NextDouble() < 0.7 ? 0 : rnd.Next(1, 5);
            w.WriteStartObject();
            w.WriteNumber("id", 90001 + i);
            w.WriteString("type", credit ? "CreditNote" : "Invoice");
            WritePurchase(w, "purchase", purchase);
            WriteDual(w, "expectedAmount", expected, currency, rate);
            WriteDual(w, "costAmount", paper.TotalExcludingTaxes, currency, rate);
            w.WriteStartObject("context");
            WritePurchase(w, "purchase", purchase);
            WriteMoney(w, "originalAmount", expected, currency);
            w.WriteNull("data");
            w.WriteEndObject();
            w.WriteString("documentDate", FormatDate(paper.Date));
            w.WriteString("documentNumber", paper.Number);
            w.WriteStartObject("amountIncludingTaxes");
            WriteTaxed(w, "base", paper, paper.TotalIncludingTaxes, 1m);
            WriteTaxed(w, "counter", paper, paper.TotalIncludingTaxes, rate);
            w.WriteNumber("rate", rate);
            w.WriteEndObject();
            WriteBreakdown(w, breakdown);
            WriteAttachments(w, attachments, created);
            w.WriteString("dueDate", paper.DueDate is { } due ? FormatDate(due) : null);
            WritePayment(w, payment);
            w.WriteString("paymentDate", paymentDate);
            w.WriteString("conformityState", conformity);
            w.WriteString("paymentState", paymentState);
            w.WriteString("completion", completion);
            w.WriteString("flag", flag);
            w.WriteString("accountingLabel", label);
            w.WriteString("comment", comment);
            w.WriteNumber("commentsCount", commentsCount);
            WriteStamps(w, created, modified, author, modified == created ? author : modifier);
            w.WriteEndObject();
        }

        private string PaymentStateFor(string conformity) => conformity switch
        {
            "Confirmed" => Pick(ConfirmedPaymentStates),
            "Discarded" or "Removed" => rnd.NextDouble() < 0.5 ? "Cancelled" : "None",
            "Litigation" => rnd.NextDouble() < 0.6 ? "OnHold" : "None",
            "Bypassed" => rnd.NextDouble() < 0.5 ? "Paid" : "ToPay",
            _ => rnd.NextDouble() < 0.7 ? "None" : "UnderReview",
        };

        private DateOnly PaymentDate(PaperInvoice paper)
        {
            var target = (paper.DueDate ?? paper.Date.AddDays(30)).AddDays(-rnd.Next(0, 6));
            var today = DateOnly.FromDateTime(utcNow.UtcDateTime);
            return target > today ? today : target < paper.Date ? paper.Date : target;
        }

        /// <summary>Registers the scanned files of one document: the invoice itself, then for ~22 % of
        /// invoices one or two delivery notes. Returns (attachment id, file) pairs.</summary>
        private List<(int Id, SeededFile File)> AddFiles(PaperInvoice paper, bool credit)
        {
            var name = (credit ? "avoir_" : "facture_") + new string(paper.Number.Where(char.IsAsciiLetterOrDigit).ToArray()) + ".pdf";
            var pages = Math.Min(4, PaperLayout.PagesForLines(paper.Lines.Count) + Pick(ExtraTermsPages));
            var added = new List<(int, SeededFile)> { Register(new SeededFile(NewGuid(), name, pages, paper)) };
            var extra = credit ? 0 : rnd.NextDouble() < 0.22 ? (rnd.NextDouble() < 0.25 ? 2 : 1) : 0;
            for (var k = 0; k < extra; k++)
            {
                var note = DeliveryNote(paper);
                added.Add(Register(new SeededFile(NewGuid(), $"bon_livraison_{note.Number}.pdf", 1, note)));
            }

            return added;
        }

        private (int, SeededFile) Register(SeededFile file)
        {
            files.Add(file);
            return (nextAttachmentId++, file);
        }

        private PaperInvoice DeliveryNote(PaperInvoice invoice)
        {
            var lines = invoice.Lines.Take(PaperLayout.FirstPageLines)
                .Select(line => new PaperLine(line.Description, line.Quantity, 0m, 0m)).ToList();
            return invoice with
            {
                DocumentKind = "DELIVERY NOTE", Number = $"BL-{invoice.Date:yyMM}-{rnd.Next(1000, 99999):00000}",
                Date = invoice.Date.AddDays(-rnd.Next(0, 6)), DueDate = null, SupplierIban = null, SupplierBic = null,
                Lines = lines, Vat = [], TotalExcludingTaxes = 0m, TotalIncludingTaxes = 0m,
            };
        }

        private Payment PickPayment(Supplier supplier)
        {
            var method = supplier.Iban is null ? (rnd.NextDouble() < 0.6 ? "PhysicalCard" : "SingleUseCard") : Pick(PaymentMethods);
            return method is "BankTransfer" or "DirectDebit" ? new Payment(method, supplier.Iban, supplier.Bic) : new Payment(method, null, null);
        }

        private Booked? FindBookedBefore(DateTimeOffset createdAt)
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

        private DateTimeOffset Later(DateTimeOffset createdAt) => rnd.NextDouble() < 0.4
            ? createdAt
            : createdAt + TimeSpan.FromTicks((long)(rnd.NextDouble() * Math.Min((utcNow - createdAt).Ticks, TimeSpan.TicksPerDay * 3)));

        private DateOnly DocumentDateFor(DateTimeOffset createdAt) =>
            DateOnly.FromDateTime(createdAt.UtcDateTime).AddDays(-rnd.Next(0, 21));

        private Purchase PickPurchase()
        {
            var matching = purchasesByCurrency[Pick(Currencies)];
            return matching[rnd.Next(matching.Length)];
        }

        private User PickUser() => Users[rnd.Next(Users.Length)];

        private T Pick<T>((T Value, double Weight)[] options)
        {
            var roll = rnd.NextDouble() * options.Sum(o => o.Weight);
            foreach (var (value, weight) in options)
            {
                if ((roll -= weight) < 0)
                {
                    return value;
                }
            }

            return options[^1].Value;
        }

        private PaperInvoice BuildPaper(Supplier supplier, bool credit, DateOnly date)
        {
            var def = supplier.Def;
            var (lines, rates) = BuildLines(def, credit);
            var vat = new List<PaperVat>(2);
            if (!def.IntraCommunity)
            {
                foreach (var rate in rates.Distinct().OrderDescending())
                {
                    var taxBase = 0m;
                    for (var k = 0; k < lines.Count; k++)
                    {
                        taxBase += rates[k] == rate ? lines[k].Amount : 0m;
                    }

                    vat.Add(new PaperVat(rate, taxBase, Round(taxBase * rate / 100m, def.Currency)));
                }
            }

            var excluding = lines.Sum(line => line.Amount);
            DateOnly? due = rnd.NextDouble() < 0.05 ? null : date.AddDays(30 + 15 * rnd.Next(3));
            return new PaperInvoice(def.Name, def.Address, supplier.Iban, supplier.Bic, credit ? "CREDIT NOTE" : "INVOICE",
                NextNumber(supplier, credit, date), date, due, def.Currency, lines, vat,
                excluding, excluding + vat.Sum(v => v.Amount), CustomerName);
        }

        // Spreads a log-uniform target (≈15 to 20,000, scaled for SEK/JPY) over catalogue items.
        // Returns the printed lines and, in parallel, each line's VAT rate.
        private (List<PaperLine> Lines, List<decimal> Rates) BuildLines(SupplierDef def, bool credit)
        {
            var longDocument = !credit && rnd.NextDouble() < 0.06;
            var count = credit ? rnd.Next(1, 3) : longDocument ? rnd.Next(13, 46) : Pick(LineCounts);
            var items = longDocument ? CheapItems[def.Category] : Items[def.Category];
            var scale = def.Currency switch { "JPY" => 100m, "SEK" => 10m, _ => 1m };
            var target = (decimal)Math.Exp(Math.Log(15) + rnd.NextDouble() * Math.Log(20000 / 15.0)) * scale;
            var weights = new double[count];
            for (var k = 0; k < count; k++)
            {
                weights[k] = 0.3 + rnd.NextDouble();
            }

            var totalWeight = weights.Sum();
            var (lines, rates) = (new List<PaperLine>(count), new List<decimal>(count));
            foreach (var weight in weights)
            {
                var item = items[rnd.Next(items.Length)];
                var unit = Math.Max(0.01m, Round((decimal)(item.Low + (item.High - item.Low) * rnd.NextDouble()) * scale, def.Currency));
                var quantity = Math.Max(1m, Math.Round(target * (decimal)(weight / totalWeight) / unit));
                lines.Add(new PaperLine(item.Description, quantity, unit, Round(quantity * unit, def.Currency)));
                rates.Add(item.RatePercent);
            }

            return (lines, rates);
        }

        private string NextNumber(Supplier supplier, bool credit, DateOnly date)
        {
            var n = supplier.NextNumber += rnd.Next(1, 25);
            var style = credit ? (supplier.Def.Country == "FR" ? 6 : 7) : supplier.Def.NumberStyle;
            return style switch
            {
                0 => $"FA-{date:yyyy}-{n:00000}",
                1 => $"INV-{n:000000}",
                2 => $"{date:yyyy}/{n:00000}",
                3 => $"RE-{date:yy}-{n:00000}",
                4 => $"{n:0000000}",
                5 => $"F{date:yyMM}-{n:0000}",
                6 => $"AV-{date:yyyy}-{n:00000}",
                _ => $"CN-{n:000000}",
            };
        }

        private Guid NewGuid()
        {
            Span<byte> bytes = stackalloc byte[16];
            rnd.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (little-endian field layout)
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
            return new Guid(bytes);
        }
    }

    private static decimal Round(decimal value, string currency) =>
        Math.Round(value, DecimalsOf(currency), MidpointRounding.AwayFromZero);

    /// <summary>
    /// Turns items written with Utf8JsonWriter into JsonObjects backed by that JSON text (materialized only when
    /// touched). Items are parsed in ~1 MB chunks, on the thread pool while the generator goes on writing.
    /// Building nodes one by one, or parsing each item on its own, made 20,000 documents take seconds, mostly in
    /// allocation and garbage collection.
    /// </summary>
    private sealed class JsonItems
    {
        private const int ChunkBytes = 1 << 20;
        private readonly ArrayBufferWriter<byte> buffer = new(ChunkBytes + (64 << 10));
        private readonly List<Task<JsonObject[]>> chunks = [];
        private readonly Utf8JsonWriter writer;

        public JsonItems()
        {
            writer = new Utf8JsonWriter(buffer, WriterOptions);
            writer.WriteStartArray();
        }

        /// <summary>The writer for the next item, which must be written as one JSON object.</summary>
        public Utf8JsonWriter Next()
        {
            if (buffer.WrittenCount + writer.BytesPending > ChunkBytes)
            {
                Flush();
            }

            return writer;
        }

        public List<JsonObject> Complete()
        {
            Flush();
            writer.Dispose();
            return chunks.SelectMany(chunk => chunk.GetAwaiter().GetResult()).ToList();
        }

        private void Flush()
        {
            writer.WriteEndArray();
            writer.Flush();
            var json = buffer.WrittenSpan.ToArray();
            chunks.Add(Task.Run(() =>
            {
                using var document = JsonDocument.Parse(json);
                var array = document.RootElement.Clone(); // outlives the document, whose pooled buffers go back
                return array.EnumerateArray().Select(element => JsonObject.Create(element)!).ToArray();
            }));
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            writer.WriteStartArray();
        }
    }

    // Utf8JsonWriter writes JSON null for a null string. Relaxed escaping keeps "é" readable in API bodies.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void StartObject(Utf8JsonWriter w, string? name)
    {
        if (name is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(name);
        }
    }

    private static void WriteUser(Utf8JsonWriter w, string? name, User user)
    {
        StartObject(w, name);
        w.WriteNumber("id", user.Id);
        w.WriteString("href", UserHrefBase + user.Id.ToString(CultureInfo.InvariantCulture));
        w.WriteString("name", $"{user.FirstName} {user.LastName}");
        w.WriteString("firstName", user.FirstName);
        w.WriteString("lastName", user.LastName);
        w.WriteNull("pictureHref");
        w.WriteEndObject();
    }

    private static void WriteStamps(Utf8JsonWriter w, string created, string modified, User author, User modifier)
    {
        w.WriteString("createdAt", created);
        w.WriteString("modifiedAt", modified);
        WriteUser(w, "author", author);
        WriteUser(w, "modifier", modifier);
    }

    private static void WritePurchase(Utf8JsonWriter w, string? name, Purchase purchase, bool withSupplier = false)
    {
        StartObject(w, name);
        w.WriteNumber("id", purchase.Id);
        w.WriteString("href", $"/cleemy-procurement/api/purchases/{purchase.Id}");
        w.WriteString("name", purchase.Name);
        w.WriteString("type", purchase.Subscription ? "Subscription" : "OneTime");
        if (withSupplier)
        {
            w.WriteStartObject("supplier");
            w.WriteNumber("id", purchase.Supplier.Def.Id);
            w.WriteString("name", purchase.Supplier.Def.Name);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteBreakdown(Utf8JsonWriter w, int? id)
    {
        if (id is not { } value)
        {
            w.WriteNull("documentBreakdown");
            return;
        }

        w.WriteStartObject("documentBreakdown");
        w.WriteNumber("id", value);
        w.WriteString("href", $"/cleemy-procurement/api/document-breakdowns/{value}");
        w.WriteString("name", Breakdowns[value % Breakdowns.Length]);
        w.WriteEndObject();
    }

    private static void WriteAttachments(Utf8JsonWriter w, List<(int Id, SeededFile File)> attachments, string createdAt)
    {
        w.WriteStartArray("attachments");
        foreach (var (id, file) in attachments)
        {
            var href = $"/cleemy-procurement/api/files/{file.FileId}";
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteStartObject("file");
            w.WriteString("id", file.FileId);
            w.WriteString("name", file.FileName);
            w.WriteString("href", href);
            w.WriteString("displayHref", href + "/display");
            w.WriteEndObject();
            w.WriteString("createdAt", createdAt);
            w.WriteStartObject("pages");
            w.WriteString("displayHrefTemplate", href + "/display/pages/{pageNumber}");
            w.WriteNumber("count", file.PageCount);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WritePayment(Utf8JsonWriter w, Payment? payment)
    {
        if (payment is null)
        {
            w.WriteNull("paymentDetails");
            return;
        }

        w.WriteStartObject("paymentDetails");
        w.WriteString("paymentMethod", payment.Method);
        if (payment.Iban is null)
        {
            w.WriteNull("bankAccount");
        }
        else
        {
            w.WriteStartObject("bankAccount");
            w.WriteString("iban", payment.Iban);
            w.WriteString("bic", payment.Bic);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteMoney(Utf8JsonWriter w, string name, decimal value, string currency)
    {
        w.WriteStartObject(name);
        w.WriteNumber("value", value);
        w.WriteString("currency", currency);
        w.WriteEndObject();
    }

    private static void WriteDual(Utf8JsonWriter w, string name, decimal value, string currency, decimal rate)
    {
        w.WriteStartObject(name);
        WriteMoney(w, "base", value, currency);
        WriteMoney(w, "counter", Round(value * rate, "EUR"), "EUR");
        w.WriteNumber("rate", rate);
        w.WriteEndObject();
    }

    /// <summary>A taxed-amount in the paper's currency (rate 1) or converted to EUR (the counter side);
    /// JSON null when <paramref name="paper"/> is null.</summary>
    private static void WriteTaxed(Utf8JsonWriter w, string name, PaperInvoice? paper, decimal includingTaxes, decimal rate)
    {
        if (paper is null)
        {
            w.WriteNull(name);
            return;
        }

        var currency = rate == 1m ? paper.Currency : "EUR";
        decimal Convert(decimal value) => rate == 1m ? value : Round(value * rate, "EUR");
        w.WriteStartObject(name);
        WriteMoney(w, "excludingTaxes", Convert(paper.TotalExcludingTaxes), currency);
        w.WriteStartArray("taxes");
        foreach (var vat in paper.Vat)
        {
            w.WriteStartObject();
            w.WriteNumber("rateTypeId", RateTypeIdFor(vat.Rate));
            w.WriteNumber("value", Convert(vat.Amount));
            w.WriteString("currency", currency);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteMoney(w, "includingTaxes", Convert(includingTaxes), currency);
        w.WriteEndObject();
    }

    private enum Category { Office, Catering, Press, Facilities, Telecom, Travel, Consulting, Hardware, Training, Hosting, Logistics, Software }

    private sealed record SupplierDef(int Id, string Name, string Address, string Country, string? BankCountry, string Currency, Category Category, int NumberStyle)
    {
        public bool IntraCommunity => Country is "DE" or "ES" or "IT" or "BE" or "NL" or "SE";
    }

    private sealed record Supplier(SupplierDef Def, string? Iban, string? Bic)
    {
        public int NextNumber { get; set; }
    }

    private sealed record Purchase(int Id, string Name, bool Subscription, Supplier Supplier);
    private sealed record User(int Id, string FirstName, string LastName);
    private sealed record Booked(Purchase Purchase, PaperInvoice Paper, bool Credit, DateTimeOffset CreatedAt);
    private sealed record Reading(string? Number, DateOnly? Date, DateOnly? Due, bool Amounts, decimal InclDelta);
    private sealed record Payment(string Method, string? Iban, string? Bic);
    private sealed record Item(string Description, decimal RatePercent, double Low, double High);

    private static readonly User[] Users =
        [new(13, "Camille", "Durand"), new(21, "Lukas", "Becker"), new(34, "Sofia", "Rossi"),
         new(55, "Matthieu", "Lefèvre"), new(89, "Inès", "Moreau"), new(144, "Pieter", "de Vries")];

    private static readonly SupplierDef[] SupplierDefs =
    [
        new(42, "Papeterie Martin SARL", "14 rue des Carmes\n69002 Lyon, France", "FR", "FR", "EUR", Category.Office, 0),
        new(57, "Traiteur Les Saveurs d'Anjou", "3 place du Ralliement\n49100 Angers, France", "FR", "FR", "EUR", Category.Catering, 5),
        new(63, "Groupe Presse Hexagone SA", "52 boulevard Haussmann\n75009 Paris, France", "FR", "FR", "EUR", Category.Press, 4),
        new(78, "Nettoyage Éclat Services SAS", "8 avenue Jean Jaurès\n31000 Toulouse, France", "FR", "FR", "EUR", Category.Facilities, 0),
        new(91, "Télécom Atlantique SAS", "2 quai de la Fosse\n44000 Nantes, France", "FR", "FR", "EUR", Category.Telecom, 2),
        new(104, "Hôtel Le Grand Cerf", "17 rue Nationale\n37000 Tours, France", "FR", "FR", "EUR", Category.Travel, 5),
        new(117, "Cabinet Delmas Conseil", "91 cours Lafayette\n69006 Lyon, France", "FR", "FR", "EUR", Category.Consulting, 2),
        new(128, "InfoMatériel Pro SAS", "5 rue du Pré Paillard\n74940 Annecy, France", "FR", "FR", "EUR", Category.Hardware, 0),
        new(136, "Formations Horizon SARL", "26 rue Sainte-Catherine\n33000 Bordeaux, France", "FR", "FR", "EUR", Category.Training, 4),
        new(149, "Cloudéo Hébergement SAS", "110 avenue de France\n75013 Paris, France", "FR", "FR", "EUR", Category.Hosting, 1),
        new(203, "Nordlicht Logistik GmbH", "Speicherstraße 12\n20457 Hamburg, Germany", "DE", "DE", "EUR", Category.Logistics, 3),
        new(215, "Bürotechnik Weber GmbH", "Königsallee 48\n40212 Düsseldorf, Germany", "DE", "DE", "EUR", Category.Hardware, 3),
        new(227, "Rheinwerk Consulting AG", "Mediapark 8\n50670 Köln, Germany", "DE", "DE", "EUR", Category.Consulting, 3),
        new(238, "Transportes Levante S.L.", "Calle de Colón 22\n46004 Valencia, Spain", "ES", "ES", "EUR", Category.Logistics, 2),
        new(246, "Arredi Contract Milano S.r.l.", "Via Tortona 31\n20144 Milano, Italy", "IT", "IT", "EUR", Category.Hardware, 2),
        new(259, "Atelier Lumière Formation SRL", "Rue de la Loi 120\n1040 Bruxelles, Belgium", "BE", "BE", "EUR", Category.Training, 1),
        new(264, "Van Dijk Cloud Services B.V.", "Keizersgracht 210\n1016 DZ Amsterdam, Netherlands", "NL", "NL", "EUR", Category.Hosting, 1),
        new(301, "Brightside Software Ltd", "4 Finsbury Square\nLondon EC2A 1AH, United Kingdom", "GB", "GB", "GBP", Category.Software, 1),
        new(312, "Thames Data Analytics Ltd", "22 Bankside\nLondon SE1 9DT, United Kingdom", "GB", "GB", "GBP", Category.Consulting, 1),
        new(325, "Kestrel Training Partners Ltd", "9 Deansgate\nManchester M3 2BW, United Kingdom", "GB", "GB", "GBP", Category.Training, 4),
        new(333, "Alpenblick Treuhand AG", "Bahnhofstrasse 45\n8001 Zürich, Switzerland", "CH", "CH", "CHF", Category.Consulting, 4),
        new(347, "Helvetia Präzisionstechnik SA", "Rue du Rhône 65\n1204 Genève, Switzerland", "CH", "CH", "CHF", Category.Hardware, 2),
        new(402, "Pinecrest Analytics Inc.", "500 Market Street, Suite 300\nSan Francisco, CA 94105, USA", "US", null, "USD", Category.Software, 1),
        new(415, "Summit Ridge Cloud LLC", "1201 Third Avenue\nSeattle, WA 98101, USA", "US", "GB", "USD", Category.Hosting, 1),
        new(421, "Nordvik Design AB", "Götgatan 14\n118 46 Stockholm, Sweden", "SE", "SE", "SEK", Category.Consulting, 4),
        new(436, "Sakura Precision K.K.", "2-7-1 Marunouchi, Chiyoda-ku\nTokyo 100-7090, Japan", "JP", "DE", "JPY", Category.Hardware, 1),
    ];

    private static readonly Dictionary<Category, (string[] PurchaseNames, bool Subscription, string Label)> Categories = new()
    {
        [Category.Office] = (["Office supplies {0}", "Printer consumables"], false, "606400 Fournitures administratives"),
        [Category.Catering] = (["Team lunches", "Seminar catering {0}"], false, "625700 Réceptions"),
        [Category.Press] = (["Press subscriptions {0}", "Industry magazines"], true, "618100 Documentation générale"),
        [Category.Facilities] = (["Office cleaning contract", "Building maintenance"], true, "615200 Entretien locaux"),
        [Category.Telecom] = (["Mobile fleet", "Office internet access"], true, "626200 Télécommunications"),
        [Category.Travel] = (["Sales kick-off {0}", "Business travel"], false, "625600 Missions"),
        [Category.Consulting] = (["ERP integration", "Audit support {0}"], false, "622600 Honoraires"),
        [Category.Hardware] = (["Laptop renewal {0}", "Office equipment"], false, "218300 Matériel informatique"),
        [Category.Training] = (["Management training", "Excel training {0}"], false, "618500 Formation"),
        [Category.Hosting] = (["Cloud hosting", "Backup storage"], true, "613500 Locations logicielles"),
        [Category.Logistics] = (["Inbound freight", "Courier services {0}"], false, "624100 Transports sur achats"),
        [Category.Software] = (["CRM licences", "Design tools subscription"], true, "651100 Licences logicielles"),
    };

    private static readonly Dictionary<Category, Item[]> Items = new()
    {
        [Category.Office] = [new("Ramettes papier A4 80 g (carton de 5)", 20m, 18, 32), new("Stylos bille bleus, boîte de 50", 20m, 9, 16),
            new("Classeurs à levier dos 80 mm", 20m, 2, 5), new("Toner laser noir HP 59A", 20m, 70, 120), new("Guide pratique de la paie (livre)", 5.5m, 25, 45)],
        [Category.Catering] = [new("Plateaux repas formule affaires", 10m, 18, 32), new("Cocktail déjeunatoire, par personne", 10m, 25, 45),
            new("Eaux minérales et jus de fruits", 5.5m, 2, 4), new("Viennoiseries du matin", 5.5m, 1.2, 2.5)],
        [Category.Press] = [new("Abonnement quotidien économique, 12 mois", 2.1m, 250, 480), new("Magazine RH, 12 numéros", 2.1m, 60, 140),
            new("Accès numérique multi-utilisateurs", 20m, 150, 900)],
        [Category.Facilities] = [new("Nettoyage des bureaux, forfait mensuel", 20m, 600, 2400), new("Nettoyage des vitres", 20m, 120, 450),
            new("Consommables sanitaires", 20m, 40, 160)],
        [Category.Telecom] = [new("Forfait mobile 100 Go", 20m, 15, 35), new("Fibre pro 1 Gb/s, abonnement mensuel", 20m, 60, 140),
            new("Communications hors forfait", 20m, 5, 80), new("Location standard téléphonique", 20m, 45, 120)],
        [Category.Travel] = [new("Nuitée chambre single", 10m, 85, 190), new("Petit-déjeuner", 10m, 12, 22),
            new("Location salle de séminaire (journée)", 20m, 350, 1200)],
        [Category.Consulting] = [new("Senior consultant, day rate", 20m, 850, 1400), new("Workshop facilitation (half day)", 20m, 450, 900),
            new("Project management", 20m, 600, 1000), new("Travel expenses (flat fee)", 20m, 80, 400)],
        [Category.Hardware] = [new("Laptop 14\" i7, 32 GB RAM, 1 TB SSD", 20m, 1100, 1900), new("USB-C docking station", 20m, 140, 260),
            new("27\" QHD monitor", 20m, 220, 420), new("Wireless keyboard and mouse set", 20m, 45, 95), new("Ergonomic office chair", 20m, 240, 520)],
        [Category.Training] = [new("Training course: advanced Excel (2 days)", 20m, 690, 1290), new("Management training, per participant", 20m, 900, 2200),
            new("Course handbook", 5.5m, 20, 60)],
        [Category.Hosting] = [new("Compute instances (vCPU-hours)", 20m, 0.03, 0.09), new("Object storage (GB-month)", 20m, 0.01, 0.03),
            new("Managed PostgreSQL, monthly", 20m, 180, 640), new("Premium support plan", 20m, 150, 900)],
        [Category.Logistics] = [new("Pallet transport, Hamburg to Paris", 20m, 180, 420), new("Express courier, next day", 20m, 25, 60),
            new("Fuel surcharge", 20m, 15, 90), new("Warehousing, pallet-month", 20m, 8, 15)],
        [Category.Software] = [new("Pro plan, per seat and month", 20m, 12, 49), new("Additional storage 1 TB", 20m, 9, 25),
            new("Premium support", 20m, 99, 490), new("Onboarding package", 20m, 500, 2500)],
    };

    // Long documents (13+ lines) only use the cheaper items, so their totals stay realistic.
    private static readonly Dictionary<Category, Item[]> CheapItems = Items.ToDictionary(pair => pair.Key, pair =>
        pair.Value.Where(item => item.High <= 200).DefaultIfEmpty(pair.Value.MinBy(item => item.High)!).ToArray());

    private static readonly (string, double)[] OcrStatuses =
        [("Processed", 60), ("NotApplicable", 15), ("Failed", 10), ("Pending", 8), ("Processing", 7)];
    private static readonly (string, double)[] Sources = [("email", 55), ("upload", 35), ("api", 10)];
    private static readonly (string, double)[] Currencies =
        [("EUR", 80), ("USD", 8), ("GBP", 6), ("CHF", 4), ("SEK", 1.2), ("JPY", 0.8)];
    private static readonly Dictionary<string, decimal> EurRates = new()
    {
        ["EUR"] = 1m, ["USD"] = 0.9214m, ["GBP"] = 1.1698m, ["CHF"] = 1.0473m, ["SEK"] = 0.0871m, ["JPY"] = 0.00617m,
    };
    private static readonly (string, double)[] ConformityStates =
        [("Confirmed", 55), ("ToReview", 14), ("PendingBreakdown", 7), ("Litigation", 5), ("Discarded", 6), ("Removed", 4), ("Bypassed", 9)];
    private static readonly (string, double)[] ConfirmedPaymentStates =
        [("Paid", 60), ("ToPay", 18), ("Emitting", 7), ("UnderReview", 5), ("OnHold", 4), ("Rejected", 3), ("None", 3)];
    private static readonly (string, double)[] PaymentMethods =
        [("BankTransfer", 78), ("DirectDebit", 12), ("Check", 4), ("PhysicalCard", 4), ("SingleUseCard", 2)];
    private static readonly (int, double)[] LineCounts = [(1, 30), (2, 25), (3, 18), (4, 12), (5, 8), (6, 4), (7, 2), (8, 1)];
    private static readonly (int, double)[] ExtraTermsPages = [(0, 72), (1, 22), (2, 6)];
    private static readonly string[] Comments =
    [
        "Livraison partielle, reliquat attendu.", "Merci de vérifier le taux de TVA.", "Validé par le responsable du budget.",
        "Paper copy also received by post.", "En attente du bon de commande signé.", "Unit price differs from the quote.",
    ];
    private static readonly string[] Breakdowns =
        ["Marketing 60 % / Sales 40 %", "Paris / Lyon establishments", "IT 50 % / HR 50 %", "R&D project Orion"];
}
