using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class RemoveOperatorSettings : GlobalSettings
{
    [CommandArgument(0, "<USER_ID>"), Description("The operator's user id (see `operator list`)")]
    public string UserId { get; set; } = "";
}

[CliCommand("operator remove", "Remove a district operator, never the last one (district operators)")]
[CliExample("operator", "remove", "USER_ID")]
internal sealed class RemoveOperatorCommand(CliEnvironment environment) : SferumCommand<RemoveOperatorSettings>(environment)
{
    protected override async Task<int> RunAsync(RemoveOperatorSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        await new DistrictService.DistrictServiceClient(connection.Invoker).RemoveOperatorAsync(
            new RemoveOperatorRequest { UserId = settings.UserId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(new { removed = settings.UserId });
        else output.Line($"{settings.UserId} is no longer a district operator.");
        return ExitCodes.Ok;
    }
}
