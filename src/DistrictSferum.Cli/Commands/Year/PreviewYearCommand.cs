using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("year preview", "What moving into the new school year would do: classes moving up, graduates and parents leaving, conflicts (administrators)")]
[CliExample("year", "preview", "SCHOOL_ID", "--final-grade", "9")]
internal sealed class PreviewYearCommand(CliEnvironment environment) : SferumCommand<YearSettings>(environment)
{
    protected override async Task<int> RunAsync(YearSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var rollover = (await new ClassService.ClassServiceClient(connection.Invoker).PreviewYearRolloverAsync(
            new PreviewYearRolloverRequest { SchoolId = settings.SchoolId, FinalGrade = settings.FinalGrade, ArchiveClassChats = settings.ArchiveChats }, await connection.AuthorizedAsync())).Rollover;
        RolloverView.Write(output, rollover, await PeopleNames.OfSchoolAsync(connection, output, settings.SchoolId));
        return ExitCodes.Ok;
    }
}
