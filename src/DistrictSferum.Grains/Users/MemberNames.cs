namespace DistrictSferum.Grains.Users;

// CHAT-5: a member's display name is also kept where lists show it without asking every account: a school's
// directory and each chat's member list. A rename tells them (UserGrain.SetDisplayName). One-way calls: the user's
// turn never waits on, or deadlocks with, a chat or school that is itself calling the user; a lost call is repaired
// by the next rename.

/// <summary>A school's directory learns a member's new display name.</summary>
[Alias("ds.ISchoolMemberNames")]
internal interface ISchoolMemberNames : IGrainWithStringKey
{
    [Alias("MemberRenamed"), Orleans.Concurrency.OneWay]
    Task MemberRenamed(string userId, string displayName);
}

/// <summary>A chat's member list learns a member's new display name.</summary>
[Alias("ds.IChatMemberNames")]
internal interface IChatMemberNames : IGrainWithStringKey
{
    [Alias("MemberRenamed"), Orleans.Concurrency.OneWay]
    Task MemberRenamed(string userId, string displayName);
}
