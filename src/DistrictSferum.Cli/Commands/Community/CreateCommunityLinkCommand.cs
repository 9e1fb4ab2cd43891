using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("community link", "Create a link that admits verified teachers at once (community moderators)")]
[CliExample("community", "link", "COMMUNITY_ID")]
internal sealed class CreateCommunityLinkCommand(CliEnvironment environment) : SferumCommand<CommunityRefSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).CreateCommunityLinkAsync(
            new CreateCommunityLinkRequest { CommunityId = settings.CommunityId }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.UnwrappedLine(response.LinkToken);
        return ExitCodes.Ok;
    }
}
