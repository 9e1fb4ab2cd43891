using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("community requests", "List requests to join (community moderators)")]
[CliExample("community", "requests", "COMMUNITY_ID")]
internal sealed class ListCommunityRequestsCommand(CliEnvironment environment) : SferumCommand<CommunityRefSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).ListCommunityJoinRequestsAsync(
            new ListCommunityJoinRequestsRequest { CommunityId = settings.CommunityId }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(response);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("User id", "Name", "Schools", "Asked");
        foreach (var r in response.Requests) table.AddTextRow(r.UserId, r.DisplayName, string.Join(", ", r.SchoolShortNames), CliOutput.Time(r.RequestedAt));
        output.Write(table);
        return ExitCodes.Ok;
    }
}
