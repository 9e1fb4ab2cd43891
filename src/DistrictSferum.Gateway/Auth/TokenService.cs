using DistrictSferum.Contracts;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Claims;
using DistrictSferum.Contracts.Errors;
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

    public IssuedTokens Issue(string userId)
    {
        var now = clock.GetUtcNow();
        var jwt = options.Value;
        var access = Create(userId, jwt.Audience, now, now + jwt.AccessLifetime);
        var refresh = Create(userId, jwt.RefreshAudience, now, now + jwt.RefreshLifetime);
        return new IssuedTokens(userId, access, now + jwt.AccessLifetime, refresh, now + jwt.RefreshLifetime);
    }

    /// <summary>An access token alone (no refresh): a service account's client-credentials grant.</summary>
    public (string Token, DateTimeOffset ExpiresAt) IssueAccessOnly(string subject, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        return (Create(subject, options.Value.Audience, now, now + lifetime), now + lifetime);
    }

    /// <summary>Returns the user id a valid refresh token was issued to.</summary>
    public async Task<string> ValidateRefreshAsync(string refreshToken)
    {
        var result = await handler.ValidateTokenAsync(refreshToken, ValidationFor(options.Value, options.Value.RefreshAudience, clock));
        if (!result.IsValid || result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is not { Length: > 0 } userId)
            throw DomainException.Unauthenticated(IdentityErrors.RefreshTokenInvalid, "The refresh token is invalid or expired; sign in again.");
        return userId;
    }

    private string Create(string userId, string audience, DateTimeOffset now, DateTimeOffset expires) =>
        handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId), new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N"))]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(KeyOf(options.Value), SecurityAlgorithms.HmacSha256),
        });
}

public sealed record IssuedTokens(string UserId, string AccessToken, DateTimeOffset AccessExpiresAt, string RefreshToken, DateTimeOffset RefreshExpiresAt);
