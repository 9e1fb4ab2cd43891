using System.Globalization;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("school detail", "A school's live figures: members by role, classes, chats, last activity, suspension (district operators)")]
[CliExample("school", "detail", "SCHOOL_ID")]
internal sealed class SchoolDetailCommand(CliEnvironment environment) : SferumCommand<SchoolIdSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var d = await new SchoolOversightService.SchoolOversightServiceClient(connection.Invoker).GetSchoolDetailAsync(
            new GetSchoolDetailRequest { SchoolId = settings.SchoolId }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(d);
            return ExitCodes.Ok;
        }

        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        output.Write(CliOutput.KeyValues([
            ("School", d.School.Info.Name), ("Members", N(d.Members)), ("Administrators", N(d.Administrators)), ("Teachers", N(d.Teachers)),
            ("Students", N(d.Students)), ("Parents", N(d.Parents)), ("Classes", N(d.Classes)), ("Chats", N(d.Chats)),
            ("Last activity", d.LastActivity is null ? "none" : CliOutput.Time(d.LastActivity)),
            ("Suspended", d.Suspension is null ? "no" : $"since {CliOutput.Time(d.Suspension.Since)}: {d.Suspension.Reason}"),
        ]));
        return ExitCodes.Ok;
    }
}
