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
    public void A_contact_without_an_account_is_kept_for_its_lifetime_after_its_last_request_and_longer_while_locked_or_failing()
    {
        var (_, pending) = SignInRules.Issue(Now, options);
        Assert.Null(SignInRules.KeepUntil([], null, SignInRules.FailureRecord.None, options));
        Assert.Equal(Now + options.UnverifiedContactLifetime, SignInRules.KeepUntil([Now - TimeSpan.FromHours(1), Now], pending, SignInRules.FailureRecord.None, options));

        var failing = new SignInRules.FailureRecord([Now], null, 0);
        Assert.Equal(Now + options.FailureWindow, SignInRules.KeepUntil([Now - TimeSpan.FromHours(5)], null, failing, options));
        var locked = new SignInRules.FailureRecord([], Now + TimeSpan.FromHours(4), 2);
        Assert.Equal(Now + TimeSpan.FromHours(4) + options.MaxLock, SignInRules.KeepUntil([Now], null, locked, options));
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

public sealed class SignInLockRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ten_wrong_codes_a_day_lock_the_address_and_each_lock_is_four_times_longer_up_to_a_week()
    {
        var options = new DistrictSferum.Grains.Identity.SignInOptions();
        var record = DistrictSferum.Grains.Identity.SignInRules.FailureRecord.None;
        var expected = new[] { 1, 4, 16, 64, 168, 168 };
        var now = Now;
        foreach (var hours in expected)
        {
            for (var i = 0; i < 9; i++) record = DistrictSferum.Grains.Identity.SignInRules.RecordFailure(record, now, options);
            DistrictSferum.Grains.Identity.SignInRules.EnsureUnlocked(record, now);
            record = DistrictSferum.Grains.Identity.SignInRules.RecordFailure(record, now, options);
            Assert.Equal(now + TimeSpan.FromHours(hours), record.LockedUntil);
            var e = Assert.Throws<DistrictSferum.Contracts.Errors.DomainException>(() => DistrictSferum.Grains.Identity.SignInRules.EnsureUnlocked(record, now));
            Assert.Equal("CONTACT_LOCKED", e.Code);
            now = record.LockedUntil!.Value;
        }
    }

    [Fact]
    public void Wrong_codes_older_than_a_day_no_longer_count()
    {
        var options = new DistrictSferum.Grains.Identity.SignInOptions();
        var record = DistrictSferum.Grains.Identity.SignInRules.FailureRecord.None;
        for (var i = 0; i < 9; i++) record = DistrictSferum.Grains.Identity.SignInRules.RecordFailure(record, Now, options);
        record = DistrictSferum.Grains.Identity.SignInRules.RecordFailure(record, Now + TimeSpan.FromDays(1), options);
        Assert.Null(record.LockedUntil);
        Assert.Single(record.Recent);
    }

    [Fact]
    public void REG_3_a_pupils_code_says_whose_account_it_opens_and_plus_suffixes_share_the_inbox_quota()
    {
        var pupil = DistrictSferum.Contracts.Identity.ContactAddress.Parse("mama+school@family.example.org", "Маша Петрова");
        Assert.Contains("учётную запись ребёнка Маша Петрова", DistrictSferum.Grains.Identity.Delivery.CodeMessages.Email(pupil, "123456", Now), StringComparison.Ordinal);
        Assert.Equal("email:mama@family.example.org", pupil.QuotaOwner.Key);
        Assert.DoesNotContain("ребёнка", DistrictSferum.Grains.Identity.Delivery.CodeMessages.Purpose(pupil.QuotaOwner), StringComparison.Ordinal);
        Assert.Equal("phone:+79991234567", DistrictSferum.Contracts.Identity.ContactAddress.Phone("+79991234567").QuotaOwner.Key);
    }
}
