using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LuccaInbox.Web.Audit;

/// <summary>
/// Canonical content and HMAC-SHA-256 (keyed with <see cref="AuditChainKey"/>) of each chain link. Changing what is
/// hashed invalidates every stored chain.
/// </summary>
public static class AuditHashing
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string IntentHash(AuditEntry e, string previousHash, AuditChainKey key) => key.Mac(IntentContent(e, previousHash));

    public static string OutcomeHash(AuditEntry e, string previousHash, AuditChainKey key) => key.Mac(OutcomeContent(e, previousHash));

    /// <param name="extraTicks">Added to the time before hashing: see <see cref="AuditChainVerifier"/> on times stored in microseconds.</param>
    public static string IntentContent(AuditEntry e, string previousHash, long extraTicks = 0) => Canonical(previousHash,
    [
        "intent", e.Sequence.ToString(CultureInfo.InvariantCulture), Time(e.AtUtc.AddTicks(extraTicks)), e.UserObjectId, e.UserName, e.UserEmail,
        e.Action, Number(e.InboxId), Number(e.DocumentId), e.DocumentNumber, e.Supplier,
        e.Amount?.ToString("0.####", CultureInfo.InvariantCulture), e.Currency, e.DiffJson, e.Note, e.CorrelationId,
    ]);

    public static string OutcomeContent(AuditEntry e, string previousHash, long extraTicks = 0) => Canonical(previousHash,
    [
        "outcome", e.OutcomeSequence?.ToString(CultureInfo.InvariantCulture), e.Sequence.ToString(CultureInfo.InvariantCulture),
        e.Outcome, e.CompletedAtUtc is { } at ? Time(at.AddTicks(extraTicks)) : null, Number(e.LuccaStatus), e.Error,
    ]);

    /// <summary>How links were hashed before Audit:ChainKey existed (plain SHA-256, which anyone can recompute): the
    /// verifier accepts it only at the start of a chain, before the first keyed link.</summary>
    public static string LegacyHash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    // A JSON array is an unambiguous encoding: no separator inside a value can shift fields.
    private static string Canonical(string previousHash, string?[] fields) => previousHash + "\n" + JsonSerializer.Serialize(fields);

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
