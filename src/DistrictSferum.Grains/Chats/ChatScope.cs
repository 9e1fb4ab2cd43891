using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Schools;
using DistrictSferum.Grains.Communities;

namespace DistrictSferum.Grains.Chats;

/// <summary>
/// What a chat asks of the space it belongs to: a school, or a district community (DIS-2). A community answers as a
/// school would: its members as verified teachers, its moderators where a school's administrators stand.
/// </summary>
internal readonly struct ChatScope(IGrainFactory grains, string scopeId, bool community)
{
    /// <summary>The default objection window (ETH-7) of community chats, as a school's is by default.</summary>
    public static readonly TimeSpan CommunityObjectionWindow = TimeSpan.FromHours(24);

    public Task<MemberView> GetMembership(string userId) => community
        ? grains.GetGrain<ICommunityRoster>(scopeId).GetMembership(userId)
        : grains.GetGrain<ISchoolFacts>(scopeId).GetMembership(userId);

    public Task<IReadOnlyList<string>> GetAdministratorIds() => community
        ? grains.GetGrain<ICommunityRoster>(scopeId).GetModeratorIds()
        : grains.GetGrain<ISchoolFacts>(scopeId).GetAdministratorIds();

    public Task<TimeSpan> GetObjectionWindow() => community
        ? Task.FromResult(CommunityObjectionWindow)
        : grains.GetGrain<ISchoolFacts>(scopeId).GetObjectionWindow();
}
