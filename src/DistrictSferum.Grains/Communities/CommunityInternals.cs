using DistrictSferum.Contracts.Communities;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Communities;

/// <summary>
/// A community's members as its chats, the district's directory and the leaving person's account ask (key: community
/// id); they decide on the community's behalf, so these reads and the leaver's removal trust their caller.
/// </summary>
[Alias("ds.ICommunityRoster")]
internal interface ICommunityRoster : IGrainWithStringKey
{
    [Alias("Summary"), Orleans.Concurrency.AlwaysInterleave]
    Task<CommunityView> Summary();

    /// <summary>
    /// A member as the community's chats need them (a verified teacher; moderators as the chats' supervisors);
    /// NOT_FOUND for anyone who is no member.
    /// </summary>
    [Alias("GetMembership"), Orleans.Concurrency.AlwaysInterleave]
    Task<MemberView> GetMembership(string userId);

    [Alias("GetModeratorIds"), Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<string>> GetModeratorIds();

    /// <summary>ETH-9: the person left their last school of the district; they leave the community and its chats. Idempotent.</summary>
    [Alias("RemoveLeaver")]
    Task RemoveLeaver(string userId);
}
