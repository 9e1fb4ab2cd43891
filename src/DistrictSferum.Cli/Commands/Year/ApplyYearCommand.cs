using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("year apply", "Move the school into the new school year, exactly as `year preview` shows, once (administrators)")]
[CliExample("year", "apply", "SCHOOL_ID")]
[CliExample("year", "apply", "SCHOOL_ID", "--archive-chats")]
internal sealed class ApplyYearCommand(CliEnvironment environment) : SferumCommand<YearSettings>(environment)
{
    protected override async Task<int> RunAsync(YearSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        // Names are read before: the graduates are no longer members once it is applied.
        var names = await PeopleNames.OfSchoolAsync(connection, output, settings.SchoolId);
        var rollover = (await new ClassService.ClassServiceClient(connection.Invoker).ApplyYearRolloverAsync(
            new ApplyYearRolloverRequest { SchoolId = settings.SchoolId, FinalGrade = settings.FinalGrade, ArchiveClassChats = settings.ArchiveChats }, await connection.AuthorizedAsync())).Rollover;
        RolloverView.Write(output, rollover, names);
        return ExitCodes.Ok;
    }
}
