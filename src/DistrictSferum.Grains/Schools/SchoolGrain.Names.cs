using DistrictSferum.Grains.Users;

namespace DistrictSferum.Grains.Schools;

public sealed partial class SchoolGrain : ISchoolMemberNames
{
    /// <summary>CHAT-5: the directory shows the name the member chose last (they renamed themselves after joining).</summary>
    public async Task MemberRenamed(string userId, string displayName)
    {
        if (School.RenameMember(userId, displayName)) await CommitAsync();
    }
}
