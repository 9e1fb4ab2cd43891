using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("move employee-left", "Record that an employee left the school (ETH-9)")]
internal sealed class EmployeeLeftCommand(CliEnvironment environment) : SferumCommand<MemberRefSettings>(environment)
{
    protected override async Task<int> RunAsync(MemberRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var movement = (await new MemberService.MemberServiceClient(connection.Invoker).RecordEmployeeLeftAsync(
            new RecordEmployeeLeftRequest { SchoolId = settings.SchoolId, UserId = settings.UserId }, await connection.AuthorizedAsync())).Movement;
        await MovementView.WriteAsync(output, connection, settings.SchoolId, movement);
        return ExitCodes.Ok;
    }
}
