using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("invite revoke", "Revoke an invite link (administrators, or its creator; ORG-11)")]
internal sealed class RevokeInviteCommand(CliEnvironment environment) : SferumCommand<InviteRefSettings>(environment)
{
    protected override async Task<int> RunAsync(InviteRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var invite = (await new InviteService.InviteServiceClient(connection.Invoker).RevokeInviteAsync(
            new RevokeInviteRequest { SchoolId = settings.SchoolId, InviteId = settings.InviteId }, await connection.AuthorizedAsync())).Invite;
        if (output.Json) output.WriteJson(invite);
        else InviteView.Write(output, invite, await ClassNames.LoadAsync(connection, settings.SchoolId));
        return ExitCodes.Ok;
    }
}
