using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CreateCommunityLinkSettings : CommunityRefSettings
{
    [CommandOption("--request-id <ID>"), Description(RequestIdOption.Description)]
    public string? RequestId { get; set; }
}

[CliCommand("community link", "Create a link that admits verified teachers at once (community moderators)")]
[CliExample("community", "link", "COMMUNITY_ID")]
internal sealed class CreateCommunityLinkCommand(CliEnvironment environment) : SferumCommand<CreateCommunityLinkSettings>(environment)
{
    protected override async Task<int> RunAsync(CreateCommunityLinkSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).CreateCommunityLinkAsync(
            new CreateCommunityLinkRequest { CommunityId = settings.CommunityId, ClientRequestId = settings.RequestId ?? "" }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.UnwrappedLine(response.LinkToken);
        return ExitCodes.Ok;
    }
}
