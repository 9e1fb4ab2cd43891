using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class DecideCommunityRequestSettings : CommunityRefSettings
{
    [CommandArgument(1, "<USER_ID>"), Description("Who asked")]
    public string UserId { get; set; } = "";
}

internal abstract class DecideCommunityRequestCommand(CliEnvironment environment, bool accept) : SferumCommand<DecideCommunityRequestSettings>(environment)
{
    protected override async Task<int> RunAsync(DecideCommunityRequestSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).DecideCommunityJoinRequestAsync(
            new DecideCommunityJoinRequestRequest { CommunityId = settings.CommunityId, UserId = settings.UserId, Accept = accept }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line(accept ? $"{response.Request.DisplayName} is a member." : $"{response.Request.DisplayName}'s request is rejected.");
        return ExitCodes.Ok;
    }
}
