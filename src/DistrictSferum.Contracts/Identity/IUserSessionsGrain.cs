namespace DistrictSferum.Contracts.Identity;

/// <summary>
/// The sign-in sessions of one account (key: user id), kept in PostgreSQL. Every sign-in opens a session; its
/// refresh token rotates on every use, and presenting an already-rotated one revokes the session (reuse detection).
/// </summary>
[Alias("ds.IUserSessionsGrain")]
public interface IUserSessionsGrain : IGrainWithStringKey
{
    /// <summary>Opens a session after a verified sign-in code (called by the gateway only).</summary>
    [Alias("Open")]
    Task<SessionTokens> Open(SessionClient client);

    /// <summary>Rotates a refresh token; UNAUTHENTICATED if it is not the session's current one.</summary>
    [Alias("Refresh")]
    Task<SessionTokens> Refresh(string refreshToken, SessionClient client);

    /// <summary>Whether the session may still be used (not revoked, not past its idle or absolute lifetime).</summary>
    [Alias("IsAlive")]
    Task<bool> IsAlive(string sessionId);

    /// <summary>
    /// Live sessions, for the owner, an administrator of <paramref name="schoolId"/> the owner belongs to, or an
    /// operator.
    /// </summary>
    [Alias("List")]
    Task<IReadOnlyList<SessionView>> List(Actor actor, string? schoolId);

    /// <summary>Ends one session; same rights as <see cref="List"/>.</summary>
    [Alias("Revoke")]
    Task Revoke(Actor actor, string sessionId, string? schoolId);

    /// <summary>Ends every session of the account; returns the ids of those that were live.</summary>
    [Alias("RevokeAll")]
    Task<IReadOnlyList<string>> RevokeAll(Actor actor, string? schoolId);
}

/// <summary>Where a sign-in or refresh comes from, as the gateway saw it.</summary>
[GenerateSerializer, Immutable, Alias("ds.SessionClient")]
public sealed record SessionClient([property: Id(0)] string DeviceLabel, [property: Id(1)] string Ip, [property: Id(2)] string UserAgent);

/// <summary>A session's id and its new refresh token (shown once; only its hash is stored).</summary>
[GenerateSerializer, Immutable, Alias("ds.SessionTokens")]
public sealed record SessionTokens(
    [property: Id(0)] string UserId, [property: Id(1)] string SessionId, [property: Id(2)] string RefreshToken,
    [property: Id(3)] DateTimeOffset RefreshExpiresAt);

[GenerateSerializer, Immutable, Alias("ds.SessionView")]
public sealed record SessionView(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string DeviceLabel,
    [property: Id(2)] string Ip,
    [property: Id(3)] string UserAgent,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset LastUsedAt,
    [property: Id(6)] DateTimeOffset ExpiresAt);
