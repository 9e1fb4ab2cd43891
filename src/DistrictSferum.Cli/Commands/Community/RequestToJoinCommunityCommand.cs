using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("community request", "Ask to join a community; a moderator decides (verified teachers)")]
[CliExample("community", "request", "COMMUNITY_ID")]
internal sealed class RequestToJoinCommunityCommand(CliEnvironment environment) : SferumCommand<CommunityRefSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).RequestToJoinCommunityAsync(
            new RequestToJoinCommunityRequest { CommunityId = settings.CommunityId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line("Your request waits for the community's moderators.");
        return ExitCodes.Ok;
    }
}
