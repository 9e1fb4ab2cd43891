namespace DistrictSferum.Grains.Identity.Sessions;

/// <summary>One stored session: a row of user_sessions.</summary>
public sealed record SessionRecord(
    string SessionId,
    string UserId,
    string DeviceLabel,
    string Ip,
    string UserAgent,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    int Generation,
    byte[] RefreshHash,
    DateTimeOffset? RevokedAt = null,
    string? RevokeReason = null);
