using System.ComponentModel.DataAnnotations;
using DistrictSferum.Contracts.Options;

namespace DistrictSferum.Grains.Moderation;

/// <summary>The audit chains' keys (configuration section "Audit").</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// Base64 HMAC key (at least 32 bytes) new audit rows are hashed with, shared by every server and required: its own
    /// secret, never the JWT signing key nor derived from it. Without it nobody who can only write to the database can
    /// forge a consistent chain.
    /// </summary>
    public string ChainKey { get; set; } = "";

    /// <summary>The id stored with every row hashed under <see cref="ChainKey"/> (default "1", the id of rows from before key ids).</summary>
    public string ChainKeyId { get; set; } = "1";

    /// <summary>Retired keys by id (base64): rows hashed with them keep verifying after a rotation.</summary>
    public Dictionary<string, string> PreviousKeys { get; set; } = [];

    /// <summary>
    /// How often every server appends the admin-audit intents a crash or a failed append left in admin_audit_outbox
    /// (issue 8; default 15 s): an action's audit row is at most about this late after a crash.
    /// </summary>
    [Positive]
    public TimeSpan IntentSweep { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Rows one verification reads at a time (it never holds a chain's whole history in memory).</summary>
    [Range(1, 1_000_000)]
    public int VerifyBatch { get; set; } = 1000;

    public AuditKeys Keys() => new(ChainKeyId, Convert.FromBase64String(ChainKey),
        PreviousKeys.Where(k => k.Key != ChainKeyId).ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value)));

    /// <summary>Null when valid, else what is wrong (checked when the server starts).</summary>
    public string? Problem(string? jwtSigningKey)
    {
        if (!IsKey(ChainKey)) return "Audit:ChainKey must be base64 of at least 32 bytes (its own secret, not the JWT key).";
        if (ChainKey == jwtSigningKey) return "Audit:ChainKey must differ from Jwt:SigningKey.";
        if (string.IsNullOrWhiteSpace(ChainKeyId)) return "Audit:ChainKeyId must not be empty.";
        return PreviousKeys.FirstOrDefault(k => !IsKey(k.Value)) is { Key: { } bad } ? $"Audit:PreviousKeys:{bad} must be base64 of at least 32 bytes." : null;
    }

    private static bool IsKey(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && length >= 32;
    }
}

/// <summary>The current chain key and the retired ones, by id.</summary>
public sealed class AuditKeys(string currentId, byte[] current, IReadOnlyDictionary<string, byte[]> previous)
{
    public string CurrentId => currentId;

    public byte[] Current => current;

    /// <summary>The key a row names, or null when this server does not hold it (the row cannot verify).</summary>
    public byte[]? For(string keyId) => keyId == currentId ? current : previous.GetValueOrDefault(keyId);
}
