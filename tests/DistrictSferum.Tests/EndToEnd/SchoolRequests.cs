using DistrictSferum.Protos.V1;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>Well-formed requests for end-to-end tests; each test varies what it is about.</summary>
public static class SchoolRequests
{
    public static RegisterSchoolRequest Register(string name, string adminPhone) => new()
    {
        Info = new SchoolInfo
        {
            Name = name,
            ShortName = "",
            Address = "г. Тверь, ул. Советская, 10",
            TimeZone = "Europe/Moscow",
            JournalUrl = "https://dnevnik.example.org/",
        },
        AdminFullName = "Смирнова Анна Сергеевна",
        AdminEmail = $"admin{adminPhone.Trim('+')}@school.example.org",
        AdminPhone = adminPhone,
        OrderNumber = "12-к",
        OrderDate = "2026-08-20",
    };
}
