using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class RenameClassSettings : ClassRefSettings
{
    [CommandArgument(2, "<NAME>"), Description("The new name")]
    public string Name { get; set; } = "";
}

[CliCommand("class rename", "Rename a class (administrators; ORG-4)")]
[CliExample("class", "rename", "SCHOOL_ID", "CLASS_ID", "5Б")]
internal sealed class RenameClassCommand(CliEnvironment environment) : SferumCommand<RenameClassSettings>(environment)
{
    protected override async Task<int> RunAsync(RenameClassSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = new RenameClassRequest { SchoolId = settings.SchoolId, ClassId = settings.ClassId, Name = settings.Name };
        ClassView.Write(output, (await new ClassService.ClassServiceClient(connection.Invoker).RenameClassAsync(request, await connection.AuthorizedAsync())).Class);
        return ExitCodes.Ok;
    }
}
