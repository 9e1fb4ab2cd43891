using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

internal sealed class ListAnalystsSettings : GlobalSettings;

[CliCommand("analyst list", "The district's analysts (district operators)")]
internal sealed class ListAnalystsCommand(CliEnvironment environment) : SferumCommand<ListAnalystsSettings>(environment)
{
    protected override async Task<int> RunAsync(ListAnalystsSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new StatisticsAccessService.StatisticsAccessServiceClient(connection.Invoker).ListAnalystsAsync(
            new ListAnalystsRequest(), await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(response);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("User id", "Name", "Granted");
        foreach (var a in response.Analysts) table.AddTextRow(a.UserId, a.DisplayName, CliOutput.Time(a.GrantedAt));
        output.Write(table);
        output.Note($"{response.Analysts.Count} analyst(s).");
        return ExitCodes.Ok;
    }
}
