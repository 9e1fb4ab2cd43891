using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("school show", "Show a school, with its application to its administrators and operators")]
internal sealed class ShowSchoolCommand(CliEnvironment environment) : SferumCommand<SchoolIdSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var school = (await new SchoolService.SchoolServiceClient(connection.Invoker)
            .GetSchoolAsync(new GetSchoolRequest { SchoolId = settings.SchoolId }, await connection.AuthorizedAsync())).School;
        SchoolView.Write(output, school, await PeopleNames.OfSchoolAsync(connection, output, settings.SchoolId));
        return ExitCodes.Ok;
    }
}
