namespace DistrictSferum.Grains.Chats;

public sealed partial class ChatGrain
{
    /// <summary>The school whose suspension makes this chat read-only; none for a community's chat or before creation.</summary>
    internal string? SchoolScope => Chat.Created && !ChatAudience.IsCommunity(Chat.Kind) ? Chat.SchoolId : null;
}
