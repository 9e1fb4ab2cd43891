using System.Security.Cryptography;
using System.Text;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;

namespace DistrictSferum.Grains.Identity.Sessions;

/// <summary>Pure rules of sessions: refresh token format, lifetimes, rotation and reuse detection.</summary>
public static class SessionRules
{
    public const int MaxDeviceLabelLength = 100;
    public const int MaxUserAgentLength = 200;

    /// <summary>A refresh token: "user.session.generation.secret" (the secret is 256 random bits).</summary>
    public sealed record ParsedToken(string UserId, string SessionId, int Generation, string Raw);

    public static string NewSessionId() => Guid.NewGuid().ToString("N");

    public static string NewToken(string userId, string sessionId, int generation) =>
        $"{userId}.{sessionId}.{generation}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static ParsedToken? Parse(string? token)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 4 || parts.Take(3).Any(p => p.Length is 0 or > 64) || parts[3].Length is < 40 or > 64) return null;
        return int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var generation)
            ? new ParsedToken(parts[0], parts[1], generation, token!)
            : null;
    }

    public static DateTimeOffset ExpiresAt(SessionRecord s, SessionLifetimeOptions options) =>
        Min(s.CreatedAt + options.AbsoluteLifetime, s.LastUsedAt + options.IdleLifetime);

    public static bool IsAlive(SessionRecord s, DateTimeOffset now, SessionLifetimeOptions options) =>
        s.RevokedAt is null && now < ExpiresAt(s, options);

    public enum RefreshOutcome { Rotate, Reused, Invalid }

    /// <summary>
    /// The current generation with the right secret rotates; an older generation of a live session is a token that
    /// was already rotated, so someone holds a copy: the whole session is revoked. Anything else is just invalid.
    /// </summary>
    public static RefreshOutcome Judge(SessionRecord? session, ParsedToken token, DateTimeOffset now, SessionLifetimeOptions options)
    {
        if (session is null || !IsAlive(session, now, options)) return RefreshOutcome.Invalid;
        if (token.Generation < session.Generation) return RefreshOutcome.Reused;
        return token.Generation == session.Generation && CryptographicOperations.FixedTimeEquals(Hash(token.Raw), session.RefreshHash)
            ? RefreshOutcome.Rotate
            : RefreshOutcome.Invalid;
    }

    /// <summary>Client details are for the owner to recognise their devices: trimmed, bounded, printable.</summary>
    public static SessionClient Clean(SessionClient client) => new(
        Bounded(client.DeviceLabel, MaxDeviceLabelLength), Bounded(client.Ip, 64), Bounded(client.UserAgent, MaxUserAgentLength));

    public static DomainException InvalidToken() =>
        DomainException.Unauthenticated(IdentityErrors.RefreshTokenInvalid, "The refresh token is invalid, expired or revoked; sign in again.");

    private static string Bounded(string? text, int max)
    {
        var clean = new string((text ?? "").Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray()).Trim();
        return clean.Length <= max ? clean : clean[..max];
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
