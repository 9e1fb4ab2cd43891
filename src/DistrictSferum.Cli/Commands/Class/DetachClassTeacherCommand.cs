using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("class detach-teacher", "Remove a class teacher from the class (administrators; ORG-7)")]
internal sealed class DetachClassTeacherCommand(CliEnvironment environment) : SferumCommand<ClassTeacherSettings>(environment)
{
    protected override async Task<int> RunAsync(ClassTeacherSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ClassService.ClassServiceClient(connection.Invoker);
        ClassView.Write(output, (await client.DetachClassTeacherAsync(settings.ToDetachRequest(), await connection.AuthorizedAsync())).Class);
        return ExitCodes.Ok;
    }
}
