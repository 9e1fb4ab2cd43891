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

    /// <summary>
    /// How often every server appends the admin-audit intents a crash or a failed append left in admin_audit_outbox
    /// (issue 8; default 15 s): an action's audit row is at most about this late after a crash.
    /// </summary>
    public TimeSpan IntentSweep { get; set; } = TimeSpan.FromSeconds(15);

    public byte[] KeyBytes() => Convert.FromBase64String(ChainKey);
}
