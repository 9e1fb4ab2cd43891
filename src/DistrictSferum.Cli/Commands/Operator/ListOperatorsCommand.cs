using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("operator list", "List the district operators (district operators)")]
[CliExample("operator", "list")]
internal sealed class ListOperatorsCommand(CliEnvironment environment) : SferumCommand<GlobalSettings>(environment)
{
    protected override async Task<int> RunAsync(GlobalSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var result = await new DistrictService.DistrictServiceClient(connection.Invoker).ListOperatorsAsync(new ListOperatorsRequest(), await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(result);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("User id", "Name");
        foreach (var o in result.Operators) table.AddTextRow(o.UserId, o.DisplayName);
        output.Write(table);
        return ExitCodes.Ok;
    }
}
