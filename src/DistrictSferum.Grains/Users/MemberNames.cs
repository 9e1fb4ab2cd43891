namespace DistrictSferum.Grains.Users;

// CHAT-5: a member's display name is also kept where lists show it without asking every account: a school's
// directory and each chat's member list. A rename tells them from the user's outbox (UserGrain.SetDisplayName), in an
// interleaving timer, so the user never deadlocks with a chat or school that is itself calling the user; a failed call
// stays in the outbox and is made again.

/// <summary>A school's directory learns a member's new display name.</summary>
[Alias("ds.ISchoolMemberNames")]
internal interface ISchoolMemberNames : IGrainWithStringKey
{
    [Alias("MemberRenamed")]
    Task MemberRenamed(string userId, string displayName);
}

/// <summary>A chat's member list learns a member's new display name.</summary>
[Alias("ds.IChatMemberNames")]
internal interface IChatMemberNames : IGrainWithStringKey
{
    [Alias("MemberRenamed")]
    Task MemberRenamed(string userId, string displayName);
}
