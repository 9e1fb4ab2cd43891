using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("community leave", "Leave a community and its chats")]
[CliExample("community", "leave", "COMMUNITY_ID")]
internal sealed class LeaveCommunityCommand(CliEnvironment environment) : SferumCommand<CommunityRefSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        await new CommunityService.CommunityServiceClient(connection.Invoker).LeaveCommunityAsync(
            new LeaveCommunityRequest { CommunityId = settings.CommunityId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(new { left = settings.CommunityId });
        else output.Line("You left the community and its chats.");
        return ExitCodes.Ok;
    }
}
