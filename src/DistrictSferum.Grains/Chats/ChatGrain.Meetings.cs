using DistrictSferum.Contracts.Chats;

namespace DistrictSferum.Grains.Chats;

/// <summary>What meeting grains ask of a chat; trusted grain-to-grain, so not part of the public contract.</summary>
[Alias("ds.IChatAnnouncements")]
internal interface IChatAnnouncements : IGrainWithStringKey
{
    /// <summary>Appends a meeting's announcement as a system event every member receives; nothing if the chat does not exist.</summary>
    [Alias("PostMeetingNotice")]
    Task PostMeetingNotice(string actorId, string body);

    /// <summary>The chat's school, kind, class and whether the user is a member (null if there is no such chat).</summary>
    [Alias("FactsFor")]
    Task<(ChatView Chat, bool Member)?> FactsFor(string userId);
}

public sealed partial class ChatGrain : IChatAnnouncements
{
    async Task IChatAnnouncements.PostMeetingNotice(string actorId, string body)
    {
        if (!Chat.Created) return;
        await AppendAndPublishAsync(new ChatEvent(ChatId, 0, ChatEventKind.MeetingNotice, actorId, Now, Body: body));
    }

    Task<(ChatView Chat, bool Member)?> IChatAnnouncements.FactsFor(string userId) =>
        Task.FromResult<(ChatView, bool)?>(Chat.Created ? (View(), Chat.Members.ContainsKey(userId)) : null);
}
