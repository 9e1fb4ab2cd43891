using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("community chats", "List a community's chats and channels (members)")]
[CliExample("community", "chats", "COMMUNITY_ID")]
internal sealed class ListCommunityChatsCommand(CliEnvironment environment) : SferumCommand<CommunityRefSettings>(environment)
{
    protected override async Task<int> RunAsync(CommunityRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var response = await new CommunityService.CommunityServiceClient(connection.Invoker).ListCommunityChatsAsync(
            new ListCommunityChatsRequest { CommunityId = settings.CommunityId }, await connection.AuthorizedAsync());
        if (output.Json)
        {
            output.WriteJson(response);
            return ExitCodes.Ok;
        }

        var table = CliOutput.NewTable("Chat", "Kind", "Title", "Members");
        foreach (var c in response.Chats)
            table.AddTextRow(c.ChatId, c.Kind == ChatKind.CommunityChannel ? "channel" : "chat", c.Title, c.MemberCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        output.Write(table);
        return ExitCodes.Ok;
    }
}
