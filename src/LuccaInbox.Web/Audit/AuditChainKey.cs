using System.Security.Cryptography;
using System.Text;

namespace LuccaInbox.Web.Audit;

/// <summary>
/// The secret the audit chain and its checkpoints are keyed with (Audit:ChainKey). It lives in configuration or a secret
/// store, never in the database: whoever can write the database file alone cannot recompute a link. Never logged or shown.
/// </summary>
public sealed class AuditChainKey
{
    public const int MinimumBytes = 32;
    private readonly byte[] _key;

    private AuditChainKey(byte[] key, bool isDevelopmentKey)
    {
        _key = key;
        IsDevelopmentKey = isDevelopmentKey;
    }

    /// <summary>True when no key was configured outside Production: a built-in key anyone can recompute.</summary>
    public bool IsDevelopmentKey { get; }

    /// <summary>The configured key; without one, Production refuses to start and other environments use the development key.</summary>
    public static AuditChainKey FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration["Audit:ChainKey"] is { Length: > 0 } secret) return FromSecret(secret);
        if (environment.IsProduction())
        {
            throw new InvalidOperationException(
                "No Audit:ChainKey is configured, and the audit log is not started without one in Production. " +
                $"Set a secret of {MinimumBytes} bytes or more (e.g. `openssl rand -base64 32`) from a secret store or the " +
                "environment variable Audit__ChainKey; never in the database or a committed file. See README, Audit chain.");
        }
        return new AuditChainKey(SHA256.HashData("LuccaInbox development audit chain key: not a secret"u8), isDevelopmentKey: true);
    }

    /// <summary>Base64 that decodes to at least 32 bytes is used as bytes; anything else as its UTF-8 text.</summary>
    public static AuditChainKey FromSecret(string secret)
    {
        var buffer = new byte[secret.Length];
        var key = Convert.TryFromBase64String(secret.Trim(), buffer, out var written) && written >= MinimumBytes
            ? buffer[..written]
            : Encoding.UTF8.GetBytes(secret);
        if (key.Length < MinimumBytes)
        {
            throw new InvalidOperationException($"Audit:ChainKey is too short: it needs {MinimumBytes} bytes or more (e.g. `openssl rand -base64 32`).");
        }
        return new AuditChainKey(key, isDevelopmentKey: false);
    }

    /// <summary>HMAC-SHA-256 of the text, lower-case hex.</summary>
    public string Mac(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));

    public override string ToString() => IsDevelopmentKey ? "AuditChainKey (development)" : "AuditChainKey (configured)";
}
