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

    /// <param name="info">The school's information as the request gave it.</param>
    /// <param name="ruleId">The rule a refusal names.</param>
    /// <param name="prefix">Where the info sits in the request: "info." at registration, "" in an update.</param>
    public static SchoolInfo NormalizeInfo(SchoolInfo info, string ruleId, string prefix = "")
    {
        var name = TextRules.Required(info.Name, prefix + "name", MaxName, ruleId);
        var shortName = TextRules.Optional(info.ShortName, prefix + "short_name", MaxShortName, ruleId);
        return new SchoolInfo(
            name,
            shortName.Length == 0 ? name[..Math.Min(name.Length, MaxShortName)] : shortName,
            TextRules.Optional(info.Address, prefix + "address", MaxAddress, ruleId),
            TimeZone(info.TimeZone, ruleId, prefix + "time_zone"),
            JournalUrl(info.JournalUrl, ruleId, prefix + "journal_url"),
            info.ObjectionWindowHours is >= 1 and <= MaxObjectionWindowHours
                ? info.ObjectionWindowHours
                : throw DomainException.InvalidField(prefix + "objection_window_hours", SchoolErrors.ObjectionWindowInvalid, $"The objection window is 1 to {MaxObjectionWindowHours} hours.", Rules.Eth7));
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
        var info = NormalizeInfo(application.Info, Rules.Org1, "info.");
        var adminName = TextRules.Required(application.AdminFullName, "admin_full_name", MaxName, Rules.Org1);
        var email = ContactAddress.Email(application.AdminEmail, "admin_email");
        var phone = ContactAddress.Phone(application.AdminPhone, "admin_phone");
        var order = TextRules.Required(application.OrderNumber, "order_number", MaxOrderNumber, Rules.Org1);
        if (application.OrderDate == default || application.OrderDate > today)
            throw DomainException.InvalidField("order_date", SchoolErrors.OrderDateInvalid, "The appointment order's date is missing or in the future.", Rules.Org1);
        return new SchoolApplication(info, adminName, email.Value, phone.Value, order, application.OrderDate);
    }

    private static string TimeZone(string? value, string ruleId, string field)
    {
        var zone = string.IsNullOrWhiteSpace(value) ? DefaultTimeZone : value.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            throw DomainException.InvalidField(field, SchoolErrors.TimezoneInvalid, $"Unknown time zone '{zone}'; use an IANA name such as Europe/Moscow.", ruleId);
        return zone;
    }

    private static string JournalUrl(string? value, string ruleId, string field)
    {
        var url = TextRules.Optional(value, field, MaxUrl, ruleId);
        if (url.Length == 0) return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw DomainException.InvalidField(field, SchoolErrors.UrlInvalid, "The journal link must be an absolute http(s) address.", ruleId);
        return uri.ToString();
    }
}
