using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("invite list", "List the school's invite links with their use counts (administrators)")]
internal sealed class ListInvitesCommand(CliEnvironment environment) : SferumCommand<SchoolPagingSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolPagingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new InviteService.InviteServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListInvitesAsync(
            new ListInvitesRequest { SchoolId = settings.SchoolId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        var classes = output.Json ? null : await ClassNames.LoadAsync(connection, settings.SchoolId);
        Pager.Write(output, result, result.Invites.Count, "invite link(s)", () =>
        {
            var table = CliOutput.NewTable("Id", "Class", "Role", "Uses/max", "Expires", "Revoked", "Auto-accept");
            foreach (var invite in result.Invites)
                table.AddTextRow(invite.InviteId, classes![invite.ClassId], InviteView.RoleOf(invite), InviteView.Uses(invite),
                    CliOutput.Time(invite.ExpiresAt), invite.Revoked ? "revoked" : "", invite.AutoAccept ? "auto" : "");
            return table;
        });
        return ExitCodes.Ok;
    }
}
