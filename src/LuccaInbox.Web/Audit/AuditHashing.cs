using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LuccaInbox.Web.Audit;

/// <summary>Canonical content and SHA-256 of each chain link. Changing what is hashed invalidates every stored chain.</summary>
public static class AuditHashing
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string IntentHash(AuditEntry e, string previousHash) => Hash(previousHash,
    [
        "intent", e.Sequence.ToString(CultureInfo.InvariantCulture), Time(e.AtUtc), e.UserObjectId, e.UserName, e.UserEmail,
        e.Action, Number(e.InboxId), Number(e.DocumentId), e.DocumentNumber, e.Supplier,
        e.Amount?.ToString("0.####", CultureInfo.InvariantCulture), e.Currency, e.DiffJson, e.Note, e.CorrelationId,
    ]);

    public static string OutcomeHash(AuditEntry e, string previousHash) => Hash(previousHash,
    [
        "outcome", e.OutcomeSequence?.ToString(CultureInfo.InvariantCulture), e.Sequence.ToString(CultureInfo.InvariantCulture),
        e.Outcome, e.CompletedAtUtc is { } at ? Time(at) : null, Number(e.LuccaStatus), e.Error,
    ]);

    private static string Hash(string previousHash, string?[] fields)
    {
        // A JSON array is an unambiguous encoding: no separator inside a value can shift fields.
        var canonical = previousHash + "\n" + JsonSerializer.Serialize(fields);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
