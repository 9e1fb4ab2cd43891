using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Grains.Users;

namespace DistrictSferum.Grains.Chats;

/// <summary>How a district community opens its chats (DIS-2): the community has checked that the creator moderates it.</summary>
[Alias("ds.ICommunityChat")]
internal interface ICommunityChat : IGrainWithStringKey
{
    [Alias("CreateForCommunity")]
    Task<ChatView> CreateForCommunity(string communityId, ChatKind kind, string title, IReadOnlyList<string> ruleClauses, string creatorId, string creatorName);
}

public sealed partial class ChatGrain : ICommunityChat
{
    public async Task<ChatView> CreateForCommunity(
        string communityId, ChatKind kind, string title, IReadOnlyList<string> ruleClauses, string creatorId, string creatorName)
    {
        if (Chat.Created) return View();
        if (!ChatAudience.IsCommunity(kind))
            throw DomainException.InvalidField("kind", ChatErrors.ChatKindInvalid, "A community has chats and channels.", Rules.Dis2);
        Chat.Create(new NewChat(communityId, kind, title, null, null, ruleClauses), creatorId, creatorName, Now);
        Chat.Members[creatorId].Role = "teacher";
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserMemberships>(creatorId).SetChatMembership(ChatId, true);
        return View();
    }
}
