using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

/// <summary>
/// One school as JSON or as a field/value table (the application only when the server sent it); administrators by
/// name when the given names know them.
/// </summary>
internal static class SchoolView
{
    public static void Write(CliOutput output, School school, PeopleNames? names = null)
    {
        if (output.Json)
        {
            output.WriteJson(school);
            return;
        }

        var info = school.Info ?? new SchoolInfo();
        var rows = new List<(string, string)>
        {
            ("Id", school.SchoolId),
            ("Name", info.Name),
            ("Short name", info.ShortName),
            ("Address", info.Address),
            ("Time zone", info.TimeZone),
            ("Journal", info.JournalUrl),
            ("Objection window", $"{info.ObjectionWindowHours} h"),
            ("Registered", CliOutput.Time(school.RegisteredAt)),
            ("Administrators", (names ?? PeopleNames.None()).Join(school.AdministratorIds)),
        };
        if (school.Application is { } application)
        {
            rows.Add(("Application: administrator", application.AdminFullName));
            rows.Add(("Application: e-mail", application.AdminEmail));
            rows.Add(("Application: phone", application.AdminPhone));
            rows.Add(("Application: order", $"No. {application.OrderNumber} of {application.OrderDate}"));
        }

        output.Write(CliOutput.KeyValues(rows));
    }
}
