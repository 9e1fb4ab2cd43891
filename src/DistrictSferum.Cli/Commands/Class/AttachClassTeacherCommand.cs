using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("class attach-teacher", "Make a verified teacher a class teacher of the class (administrators; ORG-7)")]
[CliExample("class", "attach-teacher", "SCHOOL_ID", "CLASS_ID", "USER_ID")]
internal sealed class AttachClassTeacherCommand(CliEnvironment environment) : SferumCommand<ClassTeacherSettings>(environment)
{
    protected override async Task<int> RunAsync(ClassTeacherSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ClassService.ClassServiceClient(connection.Invoker);
        ClassView.Write(output, (await client.AttachClassTeacherAsync(settings.ToAttachRequest(), await connection.AuthorizedAsync())).Class);
        return ExitCodes.Ok;
    }
}
