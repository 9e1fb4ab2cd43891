using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("move student-left", "Record that a student left the school; with them, parents with no other child here (ETH-9)")]
internal sealed class StudentLeftCommand(CliEnvironment environment) : SferumCommand<StudentRefSettings>(environment)
{
    protected override async Task<int> RunAsync(StudentRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var movement = (await new MemberService.MemberServiceClient(connection.Invoker).RecordStudentLeftAsync(
            new RecordStudentLeftRequest { SchoolId = settings.SchoolId, UserId = settings.StudentId }, await connection.AuthorizedAsync())).Movement;
        await MovementView.WriteAsync(output, connection, settings.SchoolId, movement);
        return ExitCodes.Ok;
    }
}
