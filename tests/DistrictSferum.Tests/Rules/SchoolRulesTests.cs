using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Tests.Rules;

public sealed class SchoolRulesTests
{
    private static readonly DateOnly Today = new(2026, 9, 1);

    public static SchoolApplication Valid() => new(
        new SchoolInfo("МБОУ СОШ № 7", "Школа № 7", "ул. Ленина, 1", "Europe/Moscow", "https://journal.example.org/school7"),
        "Иванова Мария Петровна", "admin@school7.example.org", "+7 999 000-00-07", "15-к", new DateOnly(2026, 8, 25));

    [Fact]
    public void ORG_1_a_complete_application_is_accepted_and_normalized()
    {
        var normalized = SchoolRules.NormalizeApplication(Valid(), Today);

        Assert.Equal("+79990000007", normalized.AdminPhone);
        Assert.Equal("МБОУ СОШ № 7", normalized.Info.Name);
        Assert.Equal("15-к", normalized.OrderNumber);
    }

    public static TheoryData<string, Func<SchoolApplication, SchoolApplication>> Defects => new()
    {
        { "FIELD_REQUIRED", a => a with { Info = a.Info with { Name = "  " } } },
        { "FIELD_TOO_LONG", a => a with { Info = a.Info with { Name = new string('я', SchoolRules.MaxName + 1) } } },
        { "FIELD_REQUIRED", a => a with { AdminFullName = "" } },
        { "INVALID_EMAIL", a => a with { AdminEmail = "admin-at-school" } },
        { "INVALID_PHONE", a => a with { AdminPhone = "112" } },
        { "FIELD_REQUIRED", a => a with { OrderNumber = "" } },
        { "ORDER_DATE_INVALID", a => a with { OrderDate = Today.AddDays(1) } },
        { "ORDER_DATE_INVALID", a => a with { OrderDate = default } },
        { "TIMEZONE_INVALID", a => a with { Info = a.Info with { TimeZone = "Mars/Olympus" } } },
        { "URL_INVALID", a => a with { Info = a.Info with { JournalUrl = "javascript:alert(1)" } } },
        { "FIELD_BAD_CHARACTERS", a => a with { Info = a.Info with { Name = "Школа\u202Eевил" } } },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void ORG_1_an_incomplete_or_malformed_application_is_refused(string code, Func<SchoolApplication, SchoolApplication> defect)
    {
        var e = Assert.Throws<DomainException>(() => SchoolRules.NormalizeApplication(defect(Valid()), Today));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void ORG_2_a_patch_changes_only_the_fields_it_names()
    {
        var current = SchoolRules.NormalizeApplication(Valid(), Today).Info;

        var updated = SchoolRules.Apply(current, new SchoolInfoPatch(Address: "ул. Мира, 2"));

        Assert.Equal("ул. Мира, 2", updated.Address);
        Assert.Equal(current with { Address = "ул. Мира, 2" }, updated);
    }

    [Fact]
    public void ORG_2_an_invalid_patch_is_refused_with_the_rule_named()
    {
        var current = SchoolRules.NormalizeApplication(Valid(), Today).Info;

        var e = Assert.Throws<DomainException>(() => SchoolRules.Apply(current, new SchoolInfoPatch(JournalUrl: "ftp://x")));

        Assert.Equal("ORG-2", e.RuleId);
    }

    [Fact]
    public void Text_rules_refuse_control_and_bidi_characters_but_keep_cyrillic()
    {
        Assert.Equal("Учительская", TextRules.Required(" Учительская ", "name", 50));
        Assert.Throws<DomainException>(() => TextRules.Required("a\u0007b", "name", 50));
        Assert.Throws<DomainException>(() => TextRules.Required("a\u2066b", "name", 50));
    }
}

public sealed class InvisibleCharacterRulesTests
{
    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200C")]
    [InlineData("\u200D")]
    [InlineData("\u200E")]
    [InlineData("\u200F")]
    [InlineData("\u2060")]
    [InlineData("\uFEFF")]
    [InlineData("\u061C")]
    public void Invisible_and_format_characters_are_refused_in_names_and_text(string invisible)
    {
        var e = Assert.Throws<DistrictSferum.Contracts.Errors.DomainException>(() =>
            DistrictSferum.Grains.Common.TextRules.Required("Ива" + invisible + "нов", "name", 100));
        Assert.Equal("FIELD_BAD_CHARACTERS", e.Code);
        Assert.Throws<DistrictSferum.Contracts.Errors.DomainException>(() =>
            DistrictSferum.Grains.Common.TextRules.Required("текст" + invisible, "body", 100, multiline: true));
        Assert.Throws<DistrictSferum.Contracts.Errors.DomainException>(() =>
            DistrictSferum.Contracts.Identity.ContactAddress.Parse("mama@family.example.org", "Маша" + invisible));
    }
}
