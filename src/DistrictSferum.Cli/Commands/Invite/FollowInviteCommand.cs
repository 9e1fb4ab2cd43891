using System.ComponentModel;
using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console.Cli;

namespace DistrictSferum.Cli.Commands;

internal sealed class FollowInviteSettings : GlobalSettings
{
    [CommandArgument(0, "<TOKEN>"), Description("The invite token you were sent")]
    public string Token { get; set; } = "";
}

[CliCommand("invite follow", "Follow an invite link: ask to join its class in its role (any signed-in user; ORG-8)")]
[CliExample("invite", "follow", "TOKEN")]
internal sealed class FollowInviteCommand(CliEnvironment environment) : SferumCommand<FollowInviteSettings>(environment)
{
    protected override async Task<int> RunAsync(FollowInviteSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var request = (await new InviteService.InviteServiceClient(connection.Invoker).FollowInviteAsync(
            new FollowInviteRequest { Token = settings.Token.Trim() }, await connection.AuthorizedAsync())).Request;
        // Once admitted, the follower may list the school's classes: the table names the class.
        var admitted = request.Status == JoinRequestStatus.Accepted && !output.Json;
        JoinRequestView.Write(output, request, admitted ? await ClassNames.LoadAsync(connection, request.SchoolId) : null);
        if (!output.Json)
            output.Line(request.Status == JoinRequestStatus.Accepted
                ? $"You joined school {request.SchoolId} as a {SchoolLabels.Of(request.Role)}."
                : "Your request waits for an administrator of the school to accept it.");
        return ExitCodes.Ok;
    }
}
