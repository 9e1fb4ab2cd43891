using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class RevokeAnalystSettings : GlobalSettings
{
    [CommandArgument(0, "<USER_ID>"), Description("The analyst's user id (see `analyst list`)")]
    public string UserId { get; set; } = "";
}

[CliCommand("analyst revoke", "End an analyst's access; their next statistics call is refused (district operators)")]
[CliExample("analyst", "revoke", "USER_ID")]
internal sealed class RevokeAnalystCommand(CliEnvironment environment) : SferumCommand<RevokeAnalystSettings>(environment)
{
    protected override async Task<int> RunAsync(RevokeAnalystSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new StatisticsAccessService.StatisticsAccessServiceClient(connection.Invoker).RevokeAnalystAsync(
            new RevokeAnalystRequest { UserId = settings.UserId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"{settings.UserId} is no longer an analyst.");
        return ExitCodes.Ok;
    }
}
