using System.Globalization;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using Google.Protobuf.WellKnownTypes;
using ProtoSchool = DistrictSferum.Protos.V1.School;
using ProtoSchoolApplication = DistrictSferum.Protos.V1.SchoolApplication;
using ProtoSchoolInfo = DistrictSferum.Protos.V1.SchoolInfo;
using ProtoSchoolSummary = DistrictSferum.Protos.V1.SchoolSummary;

namespace DistrictSferum.Gateway.Services;

/// <summary>Translation between the wire (protos) and the grains' contracts; no decisions here.</summary>
public static class ProtoMapping
{
    public const string DateFormat = "yyyy-MM-dd";

    public static PageRequest ToPage(int size, string token) => new(string.IsNullOrEmpty(token) ? null : token, size);

    /// <summary>A list older clients read unpaged: without a page size, up to the hard maximum and a next page token.</summary>
    public static PageRequest ToPageUpToMax(int size, string token) => ToPage(size, token).UnpagedUpToMax();

    public static DateOnly ParseDate(string value, string field, string? ruleId = null) =>
        DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw DomainException.InvalidField(field, CommonErrors.DateInvalid, $"{field} must be a date in the form YYYY-MM-DD.", ruleId);

    public static Contracts.Schools.SchoolInfo ToContract(this ProtoSchoolInfo? info) =>
        info is null ? new("", "", "", "", "") : new(info.Name, info.ShortName, info.Address, info.TimeZone, info.JournalUrl,
            info.ObjectionWindowHours == 0 ? 24 : info.ObjectionWindowHours);

    public static ProtoSchoolInfo ToProto(this Contracts.Schools.SchoolInfo info) => new()
    {
        Name = info.Name,
        ShortName = info.ShortName,
        Address = info.Address,
        TimeZone = info.TimeZone,
        JournalUrl = info.JournalUrl,
        ObjectionWindowHours = info.ObjectionWindowHours,
    };

    public static ProtoSchool ToProto(this SchoolView view)
    {
        var school = new ProtoSchool
        {
            SchoolId = view.SchoolId,
            Info = view.Info.ToProto(),
            RegisteredAt = view.RegisteredAt.ToTimestamp(),
            AdministratorIds = { view.AdministratorIds },
        };
        if (view.Application is { } a)
        {
            school.Application = new ProtoSchoolApplication
            {
                AdminFullName = a.AdminFullName,
                AdminEmail = a.AdminEmail,
                AdminPhone = a.AdminPhone,
                OrderNumber = a.OrderNumber,
                OrderDate = a.OrderDate.ToString(DateFormat, CultureInfo.InvariantCulture),
            };
        }

        return school;
    }

    public static ProtoSchoolSummary ToProto(this Contracts.Schools.SchoolSummary s) => new()
    {
        SchoolId = s.SchoolId,
        Name = s.Name,
        ShortName = s.ShortName,
        RegisteredAt = s.RegisteredAt.ToTimestamp(),
    };
}
