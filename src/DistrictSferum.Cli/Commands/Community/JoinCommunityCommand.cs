using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class JoinCommunitySettings : GlobalSettings
{
    [CommandArgument(0, "<LINK_TOKEN>"), Description("The link a moderator shared")]
    public string LinkToken { get; set; } = "";
}

[CliCommand("community join", "Join a community through a moderator's link (verified teachers)")]
[CliExample("community", "join", "LINK_TOKEN")]
internal sealed class JoinCommunityCommand(CliEnvironment environment) : SferumCommand<JoinCommunitySettings>(environment)
{
    protected override async Task<int> RunAsync(JoinCommunitySettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).JoinCommunityAsync(
            new JoinCommunityRequest { LinkToken = settings.LinkToken }, await connection.AuthorizedAsync());
        if (output.Json) output.WriteJson(response);
        else output.Line($"You are a member of \"{response.Community.Title}\" ({response.Community.CommunityId}).");
        return ExitCodes.Ok;
    }
}
