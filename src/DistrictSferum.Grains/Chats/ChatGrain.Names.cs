using DistrictSferum.Grains.Users;

namespace DistrictSferum.Grains.Chats;

public sealed partial class ChatGrain : IChatMemberNames
{
    /// <summary>CHAT-5: the member list shows the name the member chose last (they renamed themselves after joining).</summary>
    public async Task MemberRenamed(string userId, string displayName)
    {
        if (!Chat.Members.TryGetValue(userId, out var member) || member.DisplayName == displayName) return;
        member.DisplayName = displayName;
        await state.WriteStateAsync();
    }
}
