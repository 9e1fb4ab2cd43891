using DistrictSferum.Contracts;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Claims;
using DistrictSferum.Contracts.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DistrictSferum.Gateway.Auth;

/// <summary>Issues and checks the gateway's signed JWT access and refresh tokens.</summary>
public sealed class TokenService(IOptions<JwtOptions> options, [FromKeyedServices(Clocks.Domain)] TimeProvider clock)
{
    private readonly JsonWebTokenHandler handler = new();

    public JwtOptions Options => options.Value;

    public static SymmetricSecurityKey KeyOf(JwtOptions jwt)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(jwt.SigningKey);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Jwt:SigningKey must be base64.");
        }

        if (key.Length < 32) throw new InvalidOperationException("Jwt:SigningKey must hold at least 32 bytes.");
        return new SymmetricSecurityKey(key);
    }

    /// <summary>Validation against <paramref name="clock"/>: the same clock that issued the token judges its lifetime.</summary>
    public static TokenValidationParameters ValidationFor(JwtOptions jwt, string audience, [FromKeyedServices(Clocks.Domain)] TimeProvider clock) => new()
    {
        LifetimeValidator = (notBefore, expires, _, parameters) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return (notBefore is null || notBefore <= now + parameters.ClockSkew) && expires is { } end && now - parameters.ClockSkew < end;
        },
        ValidIssuer = jwt.Issuer,
        ValidAudience = audience,
        IssuerSigningKey = KeyOf(jwt),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RequireExpirationTime = true,
    };

    /// <summary>
    /// An access token for a session, never outliving it. The refresh token is the session's own opaque one
    /// (<see cref="DistrictSferum.Contracts.Identity.IUserSessionsGrain"/>): only its hash is stored, and it rotates.
    /// </summary>
    public IssuedTokens Issue(SessionTokens session)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.Value.AccessLifetime;
        if (session.RefreshExpiresAt < expires) expires = session.RefreshExpiresAt;
        var access = Create(session.UserId, session.SessionId, options.Value.Audience, now, expires);
        return new IssuedTokens(session.UserId, session.SessionId, access, expires, session.RefreshToken, session.RefreshExpiresAt);
    }

    /// <summary>An access token alone (no refresh, no session): a service account's client-credentials grant.</summary>
    public (string Token, DateTimeOffset ExpiresAt) IssueAccessOnly(string subject, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        return (Create(subject, null, options.Value.Audience, now, now + lifetime), now + lifetime);
    }

    private string Create(string userId, string? sessionId, string audience, DateTimeOffset now, DateTimeOffset expires) =>
        handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(sessionId is null
                ? [new Claim(JwtRegisteredClaimNames.Sub, userId), new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N"))]
                : [new Claim(JwtRegisteredClaimNames.Sub, userId), new Claim(JwtRegisteredClaimNames.Sid, sessionId),
                    new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N"))]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(KeyOf(options.Value), SecurityAlgorithms.HmacSha256),
        });
}

public sealed record IssuedTokens(string UserId, string SessionId, string AccessToken, DateTimeOffset AccessExpiresAt, string RefreshToken, DateTimeOffset RefreshExpiresAt);
