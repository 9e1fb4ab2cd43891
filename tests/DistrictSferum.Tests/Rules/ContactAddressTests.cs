using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;

namespace DistrictSferum.Tests.Rules;

public sealed class ContactAddressTests
{
    [Theory]
    [InlineData("+7 999 123-45-67", "+79991234567")]
    [InlineData("8 (999) 123 45 67", "+79991234567")]
    [InlineData("79991234567", "+79991234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    public void Phone_numbers_normalize_to_E164(string raw, string expected) =>
        Assert.Equal(expected, ContactAddress.Phone(raw).Value);

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("+7 999 abc 45 67")]
    [InlineData("+7999123456789012")]
    public void Malformed_phone_numbers_are_invalid_arguments(string raw)
    {
        var e = Assert.Throws<DomainException>(() => ContactAddress.Phone(raw));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal("INVALID_PHONE", e.Code);
    }

    [Theory]
    [InlineData(" Admin@School.RU ", "admin@school.ru")]
    [InlineData("a.b+c@mail.example.org", "a.b+c@mail.example.org")]
    public void Emails_are_trimmed_and_lower_cased(string raw, string expected) =>
        Assert.Equal(expected, ContactAddress.Email(raw).Value);

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("a@b")]
    [InlineData("a@@b.ru")]
    public void Malformed_emails_are_invalid_arguments(string raw) =>
        Assert.Equal("INVALID_EMAIL", Assert.Throws<DomainException>(() => ContactAddress.Email(raw)).Code);

    [Fact]
    public void Two_spellings_of_one_number_share_one_key()
    {
        Assert.Equal(ContactAddress.Parse("8 999 123 45 67").Key, ContactAddress.Parse("+79991234567").Key);
        Assert.Equal(ContactAddress.Parse("+79991234567"), ContactAddress.FromKey(ContactAddress.Parse("+79991234567").Key));
    }

    [Fact]
    public void Contact_grain_keys_are_keyed_hashes_that_hold_no_phone_email_or_childs_name()
    {
        var keys = new ContactKeys(System.Text.Encoding.UTF8.GetBytes("a secret of the district's servers"));
        var phone = ContactAddress.Parse("+79991234567");
        var pupil = ContactAddress.Parse("mama@family.example.org", "Соня Петрова");

        Assert.Equal(keys.Of(ContactAddress.Parse("8 999 123 45 67")), keys.Of(phone));
        Assert.NotEqual(keys.Of(ContactAddress.Parse("mama@family.example.org")), keys.Of(pupil));
        foreach (var key in new[] { keys.Of(phone), keys.Of(pupil) })
        {
            Assert.Matches("^c:[0-9a-f]{64}$", key);
            Assert.DoesNotContain("9991234567", key, StringComparison.Ordinal);
        }

        Assert.NotEqual(keys.Of(phone), new ContactKeys(new byte[32]).Of(phone));
    }
}
