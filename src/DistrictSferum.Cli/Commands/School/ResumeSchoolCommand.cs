using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("school resume", "End a school's suspension (district operators)")]
[CliExample("school", "resume", "SCHOOL_ID")]
internal sealed class ResumeSchoolCommand(CliEnvironment environment) : SferumCommand<SchoolIdSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolIdSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        await new SchoolOversightService.SchoolOversightServiceClient(connection.Invoker).ResumeSchoolAsync(
            new ResumeSchoolRequest { SchoolId = settings.SchoolId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(new { resumed = settings.SchoolId });
        else output.Line("The school is no longer suspended.");
        return ExitCodes.Ok;
    }
}
