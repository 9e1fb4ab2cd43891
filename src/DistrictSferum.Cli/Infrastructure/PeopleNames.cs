using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// Display names of people by user id, so tables say "Анна Иванова" where the API says a 32-hex id. <c>--ids</c> (and JSON)
/// keep the ids; an id no list knows (someone who left) is shown as it is.
/// </summary>
internal sealed class PeopleNames
{
    private readonly Dictionary<string, string> names = new(StringComparer.Ordinal);
    private readonly bool ids;

    private PeopleNames(bool ids) => this.ids = ids;

    /// <summary>Names that show ids (<c>--ids</c>) or nothing is known yet.</summary>
    public static PeopleNames None(bool ids = true) => new(ids);

    /// <summary>The members of the chats (every page); chats the caller may not list add nobody.</summary>
    public static async Task<PeopleNames> OfChatsAsync(ServerConnection connection, CliOutput output, IEnumerable<string> chatIds)
    {
        var names = new PeopleNames(output.Ids);
        if (output.Ids || output.Json) return names;
        foreach (var chatId in chatIds.Distinct(StringComparer.Ordinal)) await names.AddChatAsync(connection, chatId);
        return names;
    }

    /// <summary>The members of a school (every page), for commands about one school.</summary>
    public static async Task<PeopleNames> OfSchoolAsync(ServerConnection connection, CliOutput output, string schoolId)
    {
        var names = new PeopleNames(output.Ids);
        if (output.Ids || output.Json) return names;
        var client = new MemberService.MemberServiceClient(connection.Invoker);
        try
        {
            var members = await Pager.FetchAsync(500, "", all: true, async (size, token) => await client.ListMembersAsync(
                new ListMembersRequest { SchoolId = schoolId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
            foreach (var member in members.Members) names.Add(member.UserId, member.DisplayName);
        }
        catch (RpcException e) when (e.StatusCode is not (StatusCode.Unavailable or StatusCode.Unauthenticated or StatusCode.Cancelled))
        {
            // Names are a courtesy: a list the caller may not read leaves the ids.
        }

        return names;
    }

    /// <summary>Learns the chat's members again (someone joined since the names were loaded).</summary>
    public async Task AddChatAsync(ServerConnection connection, string chatId)
    {
        if (this.ids) return;
        var client = new ChatService.ChatServiceClient(connection.Invoker);
        try
        {
            var members = await Pager.FetchAsync(500, "", all: true, async (size, token) => await client.ListChatMembersAsync(
                new ListChatMembersRequest { ChatId = chatId, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
            foreach (var member in members.Members) Add(member.UserId, member.DisplayName);
        }
        catch (RpcException e) when (e.StatusCode is not (StatusCode.Unavailable or StatusCode.Unauthenticated or StatusCode.Cancelled))
        {
            // Names are a courtesy: a list the caller may not read leaves the ids.
        }
    }

    public void Add(string userId, string displayName)
    {
        if (displayName.Length > 0) this.names[userId] = displayName;
    }

    public bool Knows(string userId) => this.ids || userId.Length == 0 || this.names.ContainsKey(userId);

    /// <summary>The person's name, or their id with <c>--ids</c> or when unknown; "" for nobody.</summary>
    public string this[string userId] => this.ids ? userId : this.names.GetValueOrDefault(userId, userId);

    public string Join(IEnumerable<string> userIds) => string.Join(", ", userIds.Where(id => id.Length > 0).Select(id => this[id]));
}
