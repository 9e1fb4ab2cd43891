using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class RevokeServiceAccountSettings : GlobalSettings
{
    [CommandArgument(0, "<CLIENT_ID>"), Description("The account's client id (see `service-account list`)")]
    public string ClientId { get; set; } = "";
}

[CliCommand("service-account revoke", "Revoke a pipeline's account: no new tokens, its next statistics call is refused (district operators)")]
[CliExample("service-account", "revoke", "CLIENT_ID")]
internal sealed class RevokeServiceAccountCommand(CliEnvironment environment) : SferumCommand<RevokeServiceAccountSettings>(environment)
{
    protected override async Task<int> RunAsync(RevokeServiceAccountSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new StatisticsAccessService.StatisticsAccessServiceClient(connection.Invoker).RevokeServiceAccountAsync(
            new RevokeServiceAccountRequest { ClientId = settings.ClientId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Service account {response.Account.Name} ({response.Account.ClientId}) is revoked.");
        return ExitCodes.Ok;
    }
}
