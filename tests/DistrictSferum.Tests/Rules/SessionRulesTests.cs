using DistrictSferum.Grains.Identity.Sessions;

namespace DistrictSferum.Tests.Rules;

public sealed class SessionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly SessionLifetimeOptions Options = new();

    private static (SessionRecord Session, string Token) Session(int generation = 3, DateTimeOffset? created = null, DateTimeOffset? used = null)
    {
        var token = SessionRules.NewToken("u1", "s1", generation);
        return (new SessionRecord("s1", "u1", "phone", "127.0.0.1", "test", created ?? Now, used ?? Now, generation, SessionRules.Hash(token)), token);
    }

    [Fact]
    public void The_current_token_rotates_an_older_generation_is_reuse_and_a_forged_one_is_invalid()
    {
        var (session, token) = Session();
        Assert.Equal(SessionRules.RefreshOutcome.Rotate, SessionRules.Judge(session, SessionRules.Parse(token)!, Now, Options));

        var older = SessionRules.Parse(SessionRules.NewToken("u1", "s1", 2))!;
        Assert.Equal(SessionRules.RefreshOutcome.Reused, SessionRules.Judge(session, older, Now, Options));

        var forged = SessionRules.Parse(SessionRules.NewToken("u1", "s1", 3))!;
        Assert.Equal(SessionRules.RefreshOutcome.Invalid, SessionRules.Judge(session, forged, Now, Options));
        Assert.Equal(SessionRules.RefreshOutcome.Invalid, SessionRules.Judge(session, SessionRules.Parse(SessionRules.NewToken("u1", "s1", 4))!, Now, Options));
        Assert.Equal(SessionRules.RefreshOutcome.Invalid, SessionRules.Judge(null, forged, Now, Options));
    }

    [Fact]
    public void A_session_ends_after_30_idle_days_or_90_days_in_all()
    {
        var (fresh, _) = Session();
        Assert.True(SessionRules.IsAlive(fresh, Now + TimeSpan.FromDays(29), Options));
        Assert.False(SessionRules.IsAlive(fresh, Now + TimeSpan.FromDays(30), Options));

        var (busy, token) = Session(created: Now - TimeSpan.FromDays(90), used: Now - TimeSpan.FromMinutes(1));
        Assert.False(SessionRules.IsAlive(busy, Now, Options));
        Assert.Equal(SessionRules.RefreshOutcome.Invalid, SessionRules.Judge(busy, SessionRules.Parse(token)!, Now, Options));
        Assert.Equal(Now, SessionRules.ExpiresAt(busy, Options));
    }

    [Fact]
    public void Revoked_sessions_are_dead_and_malformed_tokens_do_not_parse()
    {
        var (session, token) = Session();
        Assert.False(SessionRules.IsAlive(session with { RevokedAt = Now }, Now, Options));
        Assert.Equal(SessionRules.RefreshOutcome.Invalid, SessionRules.Judge(session with { RevokedAt = Now }, SessionRules.Parse(token)!, Now, Options));
        Assert.Null(SessionRules.Parse("garbage"));
        Assert.Null(SessionRules.Parse("u1.s1.x.secretsecretsecretsecretsecretsecretsecret"));
        Assert.Null(SessionRules.Parse(""));
    }

    [Fact]
    public void Client_details_are_trimmed_bounded_and_printable()
    {
        var clean = SessionRules.Clean(new("  my\u0007 phone ", "10.0.0.1", new string('x', 500)));
        Assert.Equal("my phone", clean.DeviceLabel);
        Assert.Equal(SessionRules.MaxUserAgentLength, clean.UserAgent.Length);
    }
}
