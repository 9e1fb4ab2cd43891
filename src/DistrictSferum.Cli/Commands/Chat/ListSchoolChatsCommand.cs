using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

[CliCommand("chat list", "List the school's chats: all with their moderators for the director and administrators (ORG-16), else those open to you")]
internal sealed class ListSchoolChatsCommand(CliEnvironment environment) : SferumCommand<SchoolPagingSettings>(environment)
{
    protected override async Task<int> RunAsync(SchoolPagingSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var client = new ChatService.ChatServiceClient(connection.Invoker);
        var result = await Pager.FetchAsync(settings, async (size, token) => await client.ListSchoolChatsAsync(
            new ListSchoolChatsRequest { SchoolId = settings.SchoolId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
        var classes = output.Json ? null : await ClassNames.LoadAsync(connection, settings.SchoolId);
        var names = await PeopleNames.OfSchoolAsync(connection, output, settings.SchoolId);
        Pager.Write(output, result, result.Chats.Count, "chat(s)", () =>
        {
            var table = CliOutput.NewTable("Id", "Kind", "Title", "Class", "Moderators", "Members");
            foreach (var chat in result.Chats)
                table.AddTextRow(chat.ChatId, ChatLabels.Of(chat.Kind), chat.Title, classes![chat.ClassId], names.Join(chat.ModeratorIds),
                    chat.MemberCount.ToString());
            return table;
        });
        return ExitCodes.Ok;
    }
}
