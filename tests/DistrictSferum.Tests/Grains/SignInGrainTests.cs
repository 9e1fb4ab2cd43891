using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Users;
using DistrictSferum.Tests.Infrastructure;

namespace DistrictSferum.Tests.Grains;

public sealed class SignInGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static ContactAddress NewPhone() => ContactAddress.Phone("+7999" + Random.Shared.Next(1_000_000, 9_999_999));

    [Fact]
    public async Task ORG_1_first_sign_in_creates_the_account_and_later_ones_find_it()
    {
        var phone = NewPhone();
        var contact = fixture.Contact(phone);

        await contact.RequestCode();
        var first = await contact.VerifyCode(fixture.Codes.CodeFor(phone.Value));
        await contact.RequestCode();
        var second = await contact.VerifyCode(fixture.Codes.CodeFor(phone.Value));

        Assert.Equal(first, second);
        var profile = await fixture.Grains.GetGrain<IUserGrain>(first).GetProfile(new(first));
        Assert.Equal(phone.Value, profile.Phone);
    }

    [Fact]
    public async Task Wrong_code_is_unauthenticated_and_the_right_one_still_works()
    {
        var phone = NewPhone();
        var contact = fixture.Contact(phone);
        await contact.RequestCode();
        var code = fixture.Codes.CodeFor(phone.Value);

        var e = await Assert.ThrowsAsync<DomainException>(() => contact.VerifyCode(code == "000000" ? "000001" : "000000"));

        Assert.Equal(ErrorKind.Unauthenticated, e.Kind);
        Assert.NotEmpty(await contact.VerifyCode(code));
    }

    [Fact]
    public async Task Used_code_cannot_be_reused()
    {
        var phone = NewPhone();
        var contact = fixture.Contact(phone);
        await contact.RequestCode();
        var code = fixture.Codes.CodeFor(phone.Value);
        await contact.VerifyCode(code);

        var e = await Assert.ThrowsAsync<DomainException>(() => contact.VerifyCode(code));

        Assert.Equal("CODE_INVALID", e.Code);
    }

    [Fact]
    public async Task Expired_code_is_refused()
    {
        var phone = NewPhone();
        var contact = fixture.Contact(phone);
        await contact.RequestCode();
        var code = fixture.Codes.CodeFor(phone.Value);

        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        var e = await Assert.ThrowsAsync<DomainException>(() => contact.VerifyCode(code));

        Assert.Equal("CODE_EXPIRED", e.Code);
    }

    [Fact]
    public async Task Too_many_wrong_attempts_burn_the_code()
    {
        var phone = NewPhone();
        var contact = fixture.Contact(phone);
        await contact.RequestCode();
        var code = fixture.Codes.CodeFor(phone.Value);
        var wrong = code == "000000" ? "000001" : "000000";

        for (var i = 0; i < 4; i++) await Assert.ThrowsAsync<DomainException>(() => contact.VerifyCode(wrong));
        var burned = await Assert.ThrowsAsync<DomainException>(() => contact.VerifyCode(wrong));
        var afterwards = await Assert.ThrowsAsync<DomainException>(() => contact.VerifyCode(code));

        Assert.Equal("CODE_ATTEMPTS_EXHAUSTED", burned.Code);
        Assert.Equal(ErrorKind.FailedPrecondition, burned.Kind);
        Assert.Null(burned.RetryAfter);
        Assert.Equal("CODE_INVALID", afterwards.Code);
    }

    [Fact]
    public async Task Code_requests_are_rate_limited_per_address()
    {
        var phone = NewPhone();
        var contact = fixture.Contact(phone);
        for (var i = 0; i < 5; i++) await contact.RequestCode();
        var sent = fixture.Codes.Sent;

        var e = await Assert.ThrowsAsync<DomainException>(() => contact.RequestCode());

        Assert.Equal("CODE_RATE_LIMITED", e.Code);
        Assert.Equal(sent, fixture.Codes.Sent);
        var other = NewPhone();
        await fixture.Contact(other).RequestCode();
    }

    [Fact]
    public async Task Request_answer_is_the_same_for_known_and_unknown_addresses()
    {
        var known = NewPhone();
        await fixture.Contact(known).EnsureAccount("Known Person");

        var a = await fixture.Contact(known).RequestCode();
        var b = await fixture.Contact(NewPhone()).RequestCode();

        Assert.Equal(a.CodeLength, b.CodeLength);
        Assert.Equal(a.ExpiresAt, b.ExpiresAt);
    }

    [Fact]
    public async Task An_account_stored_under_a_contacts_old_plain_grain_key_is_kept_when_the_key_becomes_a_keyed_hash()
    {
        var phone = NewPhone();
        var storage = Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(
            fixture.Cluster.Silos[0].ServiceProvider, DistrictSferum.Grains.Common.StorageNames.Grains);
        var old = new GrainState<DistrictSferum.Grains.Identity.ContactState> { State = new() { UserId = "account-from-before" } };
        await storage.WriteStateAsync("contact", GrainId.Create("contact", phone.Key), old);

        var contact = fixture.Contact(phone);
        await contact.RequestCode();

        Assert.Equal("account-from-before", await contact.VerifyCode(fixture.Codes.CodeFor(phone.Value)));
        // A grain answers only for the address its key was made from.
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Contact(NewPhone()).Accounts.EnsureAccount(phone, "Someone"));
    }
}
