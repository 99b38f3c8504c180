using System.Diagnostics;
using LuccaInbox.Web.InvoiceCheck;
using LuccaInbox.Web.Previews;
using Microsoft.Extensions.DependencyInjection;
using SeededKind = LuccaInbox.Emulator.Seeding.OriginalKind;

namespace LuccaInbox.Bench;

/// <summary>
/// Issue 16: of the emulator's seeded OCR misreads (a digit of the number or of the total, or the date), how many the
/// verdicts catch (the misread field is "differs"), per kind of original; how many correct documents get a "differs"
/// anyway (false alarms); and how long verdicts take on opening a document whose original is cached (on disk: read and
/// compare; in memory: compare only).
/// </summary>
public static class InvoiceCheckScenario
{
    public static async Task<object> RunAsync(int documents)
    {
        await using var host = await BenchHost.StartAsync(documents, latencyMs: 0);
        var checks = host.Services.GetRequiredService<DocumentChecks>();
        var storage = host.Services.GetRequiredService<PreviewStorage>();
        var items = (await host.Inbox.GetAsync()).Items.Where(i => i.Id > 0).ToDictionary(i => i.Id);
        await checks.Suppliers.RefreshAsync();
        var truth = host.Emulator.Store.SeededTruth.Where(t => items.ContainsKey(t.InboxId) && t.OriginalKind != SeededKind.None).ToList();
        foreach (var t in truth) await checks.ReadOriginalAsync(items[t.InboxId].Document);

        var byKind = new Dictionary<string, (int Misreads, int Caught, int Correct, int FalseAlarms, int BankCases, int BankCaught, int BankCasesWithoutIban)>();
        var coldMs = new List<double>();
        var warmMs = new List<double>();
        foreach (var t in truth)
        {
            var document = items[t.InboxId].Document!;
            var check = checks.CheckForm(document); // read from disk when more originals were read than are kept in memory
            var clock = Stopwatch.StartNew();
            checks.CheckForm(document);
            warmMs.Add(clock.Elapsed.TotalMilliseconds);
            if (InvoiceOriginals.OriginalOf(document)?.FileId is { } fileId && storage.TryRead(PreviewService.OriginalKey(fileId)) is { } bytes)
            {
                clock.Restart();
                FieldCheck.Compare(DocumentChecks.FactsOf(document), OriginalReader.Read(bytes));
                coldMs.Add(clock.Elapsed.TotalMilliseconds);
            }
            var kind = t.OriginalKind.ToString();
            var row = byKind.GetValueOrDefault(kind);
            if (t.MisreadField is { } field)
            {
                row.Misreads++;
                if (check.For(field)?.Verdict == Verdict.Differs) row.Caught++;
            }
            else if (!t.IbanDiffersFromSupplier)
            {
                row.Correct++;
                if (check.Differing.Count > 0) row.FalseAlarms++;
            }
            if (t.IbanDiffersFromSupplier)
            {
                row.BankCases++;
                if (check.Bank.NeedsReason) row.BankCaught++;
                // Neither on the form (OCR has not read it) nor in Factur-X data: nothing to compare until someone types it.
                if (string.IsNullOrWhiteSpace(document.PaymentDetails?.BankAccount?.Iban) && check.Original?.Cii?.Iban is null) row.BankCasesWithoutIban++;
            }
            byKind[kind] = row;
        }
        coldMs.Sort();
        warmMs.Sort();
        return new
        {
            documents = truth.Count,
            byOriginal = byKind.ToDictionary(kv => kv.Key, kv => new
            {
                kv.Value.Misreads, kv.Value.Caught,
                caughtShare = kv.Value.Misreads == 0 ? (double?)null : Math.Round(kv.Value.Caught / (double)kv.Value.Misreads, 3),
                correctDocuments = kv.Value.Correct, kv.Value.FalseAlarms,
                changedBankDetails = kv.Value.BankCases, bankWarnings = kv.Value.BankCaught, changedBankDetailsWithNoIbanToCompare = kv.Value.BankCasesWithoutIban,
            }),
            verdictsFromCachedOriginalMs = new { onDiskP50 = Percentile(coldMs, 0.5), onDiskP95 = Percentile(coldMs, 0.95), inMemoryP50 = Percentile(warmMs, 0.5), inMemoryP95 = Percentile(warmMs, 0.95) },
        };
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 2);
}
