namespace DistrictSferum.Grains.Moderation;

/// <summary>The audit chain's key (configuration section "Audit").</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// Base64 HMAC key the chain is computed with, shared by every server. Without it nobody who can only write
    /// to the database can forge a consistent chain. When unset, the server derives one from Jwt:SigningKey.
    /// </summary>
    public string ChainKey { get; set; } = "";

    public byte[] KeyBytes() => Convert.FromBase64String(ChainKey);
}
