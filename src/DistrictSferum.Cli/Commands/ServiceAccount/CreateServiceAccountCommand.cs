using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CreateServiceAccountSettings : GlobalSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }

    [CommandArgument(0, "<NAME>"), Description("What the account is for, e.g. \"Superset nightly import\"")]
    public string Name { get; set; } = "";
}

[CliCommand("service-account create", "An account for a statistics pipeline: prints its client id and its secret, shown only this once (district operators)")]
[CliExample("service-account", "create", "\"Superset nightly import\"")]
internal sealed class CreateServiceAccountCommand(CliEnvironment environment) : SferumCommand<CreateServiceAccountSettings>(environment)
{
    protected override async Task<int> RunAsync(CreateServiceAccountSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new StatisticsAccessService.StatisticsAccessServiceClient(connection.Invoker).CreateServiceAccountAsync(
            new CreateServiceAccountRequest { Name = settings.Name, ClientRequestId = settings.RequestId ?? "" }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(response);
            return ExitCodes.Ok;
        }

        output.Write(CliOutput.KeyValues([
            ("Client id", response.Account.ClientId), ("Client secret", response.ClientSecret), ("Scopes", string.Join(", ", response.Account.Scopes)),
        ]));
        output.Note("Store the secret now: it is not shown again. A pipeline exchanges it for a 10-minute token with StatisticsAccessService.IssueServiceToken.");
        return ExitCodes.Ok;
    }
}
