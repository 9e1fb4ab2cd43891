using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("chat invitations", "Your pending personal invitations to chats (ETH-3)")]
internal sealed class ListChatInvitationsCommand(CliEnvironment environment) : SferumCommand<GlobalSettings>(environment)
{
    protected override async Task<int> RunAsync(GlobalSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var invitations = await new ChatService.ChatServiceClient(connection.Invoker).ListInvitationsAsync(
            new ListInvitationsRequest { PageSize = 500 }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(invitations);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("Chat id", "Title", "School", "Invited by", "At");
        foreach (var i in invitations.Invitations)
            table.AddTextRow(i.ChatId, i.Title, i.SchoolId, i.InvitedBy, CliOutput.Time(i.At));
        output.Write(table);
        output.Line($"{invitations.Invitations.Count} invitation(s).");
        if (invitations.Invitations.Count > 0)
            output.Line("Read a chat's rules with `sferumctl chat show CHAT_ID`; join with `sferumctl chat join CHAT_ID`.");
        return ExitCodes.Ok;
    }
}
