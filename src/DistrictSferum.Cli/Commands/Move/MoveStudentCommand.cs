using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class MoveStudentSettings : StudentRefSettings
{
    [CommandArgument(2, "<TO_CLASS_ID>"), Description("The class the student moves to")]
    public string ToClassId { get; set; } = "";
}

[CliCommand("move student", "Move a student to another class; their parents follow")]
[CliExample("move", "student", "SCHOOL_ID", "STUDENT_ID", "TO_CLASS_ID")]
internal sealed class MoveStudentCommand(CliEnvironment environment) : SferumCommand<MoveStudentSettings>(environment)
{
    protected override async Task<int> RunAsync(MoveStudentSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new MoveStudentRequest { SchoolId = settings.SchoolId, StudentId = settings.StudentId, ToClassId = settings.ToClassId };
        var movement = await new MemberService.MemberServiceClient(connection.Invoker).MoveStudentAsync(request, await connection.AuthorizedAsync());
        await MovementView.WriteAsync(output, connection, settings.SchoolId, movement.Movement);
        return ExitCodes.Ok;
    }
}
