using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("chat members", "List a chat's members, the rules version each accepted, and its moderators")]
internal sealed class ListChatMembersCommand(CliEnvironment environment) : SferumCommand<ChatPagingSettings>(environment)
{
    protected override async Task<int> RunAsync(ChatPagingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ChatService.ChatServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListChatMembersAsync(
            new ListChatMembersRequest { ChatId = settings.ChatId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        Pager.Write(output, result, result.Members.Count, "member(s)", () =>
        {
            var table = CliOutput.NewTable("User id", "Name", "Joined", "Rules accepted", "Moderator");
            foreach (var m in result.Members)
                table.AddTextRow(m.UserId, m.DisplayName, CliOutput.Time(m.JoinedAt), $"v{m.AcceptedRulesVersion}", m.Moderator ? "moderator" : "");
            return table;
        });
        return ExitCodes.Ok;
    }
}
