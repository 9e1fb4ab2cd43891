using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// Chat titles by chat id, so tables say "5А — ученики" where the API says a 32-hex id. <c>--ids</c> (and JSON) keep the
/// ids; a chat the list does not hold (or a list the caller may not read) is shown by its id.
/// </summary>
internal sealed class ChatTitles
{
    private readonly Dictionary<string, string> titles = new(StringComparer.Ordinal);

    public string this[string chatId] => titles.GetValueOrDefault(chatId, chatId);

    public static async Task<ChatTitles> OfSchoolAsync(ServerConnection connection, CliOutput output, string schoolId)
    {
        var result = new ChatTitles();
        if (output.Ids || output.Json) return result;
        var client = new ChatService.ChatServiceClient(connection.Invoker);
        try
        {
            var chats = await Pager.FetchAsync(500, "", all: true, async (size, token) => await client.ListSchoolChatsAsync(
                new ListSchoolChatsRequest { SchoolId = schoolId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
            foreach (var chat in chats.Chats) result.titles[chat.ChatId] = chat.Title;
        }
        catch (RpcException e) when (e.StatusCode is not (StatusCode.Unavailable or StatusCode.Unauthenticated or StatusCode.Cancelled))
        {
            // Titles are a courtesy: a list the caller may not read leaves the ids.
        }

        return result;
    }
}
