using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Common;

namespace DistrictSferum.Grains.Schools;

/// <summary>Pure validation of a school's application and information (ORG-1, ORG-2).</summary>
public static class SchoolRules
{
    public const string DefaultTimeZone = "Europe/Moscow";
    public const int MaxName = 200;
    public const int MaxShortName = 64;
    public const int MaxAddress = 500;
    public const int MaxUrl = 500;
    public const int MaxOrderNumber = 64;
    public const int MaxObjectionWindowHours = 168;

    public static SchoolInfo NormalizeInfo(SchoolInfo info, string ruleId)
    {
        var name = TextRules.Required(info.Name, "School name", MaxName, ruleId);
        var shortName = TextRules.Optional(info.ShortName, "Short name", MaxShortName, ruleId);
        return new SchoolInfo(
            name,
            shortName.Length == 0 ? name[..Math.Min(name.Length, MaxShortName)] : shortName,
            TextRules.Optional(info.Address, "Address", MaxAddress, ruleId),
            TimeZone(info.TimeZone, ruleId),
            JournalUrl(info.JournalUrl, ruleId),
            info.ObjectionWindowHours is >= 1 and <= MaxObjectionWindowHours
                ? info.ObjectionWindowHours
                : throw DomainException.Invalid("OBJECTION_WINDOW_INVALID", $"The objection window is 1 to {MaxObjectionWindowHours} hours.", Rules.Eth7));
    }

    public static SchoolInfo Apply(SchoolInfo current, SchoolInfoPatch patch) => NormalizeInfo(
        new SchoolInfo(
            patch.Name ?? current.Name,
            patch.ShortName ?? current.ShortName,
            patch.Address ?? current.Address,
            patch.TimeZone ?? current.TimeZone,
            patch.JournalUrl ?? current.JournalUrl,
            patch.ObjectionWindowHours ?? current.ObjectionWindowHours),
        Rules.Org2);

    /// <summary>ORG-1: the application must name the school, its administrator's full contact data and the order.</summary>
    public static SchoolApplication NormalizeApplication(SchoolApplication application, DateOnly today)
    {
        var info = NormalizeInfo(application.Info, Rules.Org1);
        var adminName = TextRules.Required(application.AdminFullName, "Administrator's full name", MaxName, Rules.Org1);
        var email = ContactAddress.Email(application.AdminEmail);
        var phone = ContactAddress.Phone(application.AdminPhone);
        var order = TextRules.Required(application.OrderNumber, "Appointment order number", MaxOrderNumber, Rules.Org1);
        if (application.OrderDate == default || application.OrderDate > today)
            throw DomainException.Invalid("ORDER_DATE_INVALID", "The appointment order's date is missing or in the future.", Rules.Org1);
        return new SchoolApplication(info, adminName, email.Value, phone.Value, order, application.OrderDate);
    }

    private static string TimeZone(string? value, string ruleId)
    {
        var zone = string.IsNullOrWhiteSpace(value) ? DefaultTimeZone : value.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            throw DomainException.Invalid("TIMEZONE_INVALID", $"Unknown time zone '{zone}'; use an IANA name such as Europe/Moscow.", ruleId);
        return zone;
    }

    private static string JournalUrl(string? value, string ruleId)
    {
        var url = TextRules.Optional(value, "Journal link", MaxUrl, ruleId);
        if (url.Length == 0) return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw DomainException.Invalid("URL_INVALID", "The journal link must be an absolute http(s) address.", ruleId);
        return uri.ToString();
    }
}
