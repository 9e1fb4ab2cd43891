using DistrictSferum.Contracts.Errors;
using DistrictSferum.Grains.Identity;

namespace DistrictSferum.Tests.Rules;

public sealed class SignInRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly SignInOptions options = new();

    [Fact]
    public void Issued_code_is_digits_of_configured_length_and_only_its_hash_is_kept()
    {
        var (code, pending) = SignInRules.Issue(Now, options);

        Assert.Equal(options.CodeLength, code.Length);
        Assert.All(code, c => Assert.True(char.IsAsciiDigit(c)));
        Assert.Equal(32, pending.Hash.Length);
        Assert.DoesNotContain(code, System.Text.Encoding.UTF8.GetString(pending.Hash));
        Assert.Equal(Now + options.CodeLifetime, pending.ExpiresAt);
    }

    [Fact]
    public void Right_code_is_accepted_once_and_leaves_nothing_pending()
    {
        var (code, pending) = SignInRules.Issue(Now, options);

        var (outcome, remaining) = SignInRules.Check(pending, code, Now.AddMinutes(1));

        Assert.Equal(SignInRules.Outcome.Accepted, outcome);
        Assert.Null(remaining);
        var reuse = Assert.Throws<DomainException>(() => SignInRules.Check(remaining, code, Now.AddMinutes(1)));
        Assert.Equal("CODE_INVALID", reuse.Code);
    }

    [Fact]
    public void Wrong_code_costs_an_attempt_and_the_last_attempt_burns_the_code()
    {
        var (code, pending) = SignInRules.Issue(Now, options);
        var wrong = code == "000000" ? "111111" : "000000";

        PendingCode? current = pending;
        for (var i = 1; i < options.MaxAttempts; i++)
        {
            var (outcome, remaining) = SignInRules.Check(current, wrong, Now);
            Assert.Equal(SignInRules.Outcome.Wrong, outcome);
            Assert.Equal(options.MaxAttempts - i, remaining!.AttemptsLeft);
            current = remaining;
        }

        var (last, burned) = SignInRules.Check(current, wrong, Now);
        Assert.Equal(SignInRules.Outcome.Burned, last);
        Assert.Null(burned);
    }

    [Fact]
    public void Expired_code_is_refused_even_when_right()
    {
        var (code, pending) = SignInRules.Issue(Now, options);

        var e = Assert.Throws<DomainException>(() => SignInRules.Check(pending, code, Now + options.CodeLifetime));

        Assert.Equal("CODE_EXPIRED", e.Code);
        Assert.Equal(ErrorKind.Unauthenticated, e.Kind);
    }

    [Fact]
    public void Requests_beyond_the_window_limit_are_refused_until_the_window_slides()
    {
        var recent = new List<DateTimeOffset>();
        for (var i = 0; i < options.MaxRequestsPerWindow; i++) recent = SignInRules.AdmitRequest(recent, Now.AddMinutes(i), options);

        var e = Assert.Throws<DomainException>(() => SignInRules.AdmitRequest(recent, Now.AddMinutes(10), options));
        Assert.Equal(ErrorKind.ResourceExhausted, e.Kind);

        var later = SignInRules.AdmitRequest(recent, Now + options.RequestWindow + TimeSpan.FromMinutes(options.MaxRequestsPerWindow), options);
        Assert.Single(later);
    }
}
