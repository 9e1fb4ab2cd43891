using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

internal sealed class ListServiceAccountsSettings : GlobalSettings;

[CliCommand("service-account list", "The district's statistics service accounts, revoked ones included (district operators)")]
internal sealed class ListServiceAccountsCommand(CliEnvironment environment) : SferumCommand<ListServiceAccountsSettings>(environment)
{
    protected override async Task<int> RunAsync(ListServiceAccountsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new StatisticsAccessService.StatisticsAccessServiceClient(connection.Invoker).ListServiceAccountsAsync(
            new ListServiceAccountsRequest(), await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(response);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("Client id", "Name", "Scopes", "Created", "Revoked");
        foreach (var a in response.Accounts)
            table.AddTextRow(a.ClientId, a.Name, string.Join(", ", a.Scopes), CliOutput.Time(a.CreatedAt), CliOutput.Time(a.RevokedAt));
        output.Write(table);
        output.Note($"{response.Accounts.Count} account(s).");
        return ExitCodes.Ok;
    }
}
