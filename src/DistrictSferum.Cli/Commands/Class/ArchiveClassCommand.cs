using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("class archive", "Archive a class with no students; its invite links are revoked (administrators)")]
internal sealed class ArchiveClassCommand(CliEnvironment environment) : SferumCommand<ClassRefSettings>(environment)
{
    protected override async Task<int> RunAsync(ClassRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new ArchiveClassRequest { SchoolId = settings.SchoolId, ClassId = settings.ClassId };
        ClassView.Write(output, (await new ClassService.ClassServiceClient(connection.Invoker).ArchiveClassAsync(request, await connection.AuthorizedAsync())).Class);
        return ExitCodes.Ok;
    }
}
