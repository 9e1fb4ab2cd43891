using DistrictSferum.Contracts.Identity;
using DistrictSferum.Gateway.Auth;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DistrictSferum.Tests.Api;

/// <summary>The gateway checks a token's signature once, and its lifetime on every use.</summary>
public sealed class CachingTokenHandlerTests
{
    private static readonly JwtOptions Jwt = new() { SigningKey = Convert.ToBase64String(new byte[32]) };
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-09-01T08:00:00Z"));

    [Fact]
    public async Task A_token_that_passed_is_not_checked_again_until_it_expires()
    {
        var handler = new CachingTokenHandler { MapInboundClaims = false };
        var (parameters, keyLookups) = Counting(TokenService.ValidationFor(Jwt, Jwt.Audience, clock));
        var token = Issue(TimeSpan.FromMinutes(5));

        var first = await handler.ValidateTokenAsync(token, parameters);
        var second = await handler.ValidateTokenAsync(token, parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, keyLookups());
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("user-1", second.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value);
        Assert.Equal("session-1", second.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sid)?.Value);

        clock.Advance(TimeSpan.FromMinutes(6));
        var expired = await handler.ValidateTokenAsync(token, parameters);
        Assert.False(expired.IsValid);
        Assert.IsType<SecurityTokenInvalidLifetimeException>(expired.Exception);
    }

    [Fact]
    public async Task A_token_that_failed_is_checked_again_every_time()
    {
        var handler = new CachingTokenHandler { MapInboundClaims = false };
        var (parameters, keyLookups) = Counting(TokenService.ValidationFor(Jwt, Jwt.Audience, clock));
        var token = Issue(TimeSpan.FromMinutes(5));
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        Assert.False((await handler.ValidateTokenAsync(tampered, parameters)).IsValid);
        Assert.False((await handler.ValidateTokenAsync(tampered, parameters)).IsValid);
        Assert.Equal(2, keyLookups());
    }

    private string Issue(TimeSpan lifetime) =>
        new TokenService(Options.Create(Jwt), clock).Issue(new SessionTokens("user-1", "session-1", "", clock.GetUtcNow() + lifetime)).AccessToken;

    private static (TokenValidationParameters Parameters, Func<int> KeyLookups) Counting(TokenValidationParameters parameters)
    {
        var lookups = 0;
        var key = parameters.IssuerSigningKey;
        parameters.IssuerSigningKey = null;
        parameters.IssuerSigningKeyResolver = (_, _, _, _) =>
        {
            Interlocked.Increment(ref lookups);
            return [key];
        };
        return (parameters, () => lookups);
    }
}
