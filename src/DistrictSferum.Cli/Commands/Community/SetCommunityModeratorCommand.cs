using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class CommunityModeratorSettings : CommunityRefSettings
{
    [CommandArgument(1, "<USER_ID>"), Description("A member of the community")]
    public string UserId { get; set; } = "";

    [CommandOption("--remove"), Description("Remove the moderator instead of appointing (never the last)")]
    public bool Remove { get; set; }
}

[CliCommand("community moderator", "Appoint a member as moderator, or --remove one (moderators and operators; the last moderator hands over this way)")]
[CliExample("community", "moderator", "COMMUNITY_ID", "USER_ID")]
[CliExample("community", "moderator", "COMMUNITY_ID", "USER_ID", "--remove")]
internal sealed class SetCommunityModeratorCommand(CliEnvironment environment) : SferumCommand<CommunityModeratorSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityModeratorSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).SetCommunityModeratorAsync(
            new SetCommunityModeratorRequest { CommunityId = settings.CommunityId, UserId = settings.UserId, Moderator = !settings.Remove }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"Moderators of {response.Community.Title}: {response.Community.ModeratorIds.Count}.");
        return ExitCodes.Ok;
    }
}
