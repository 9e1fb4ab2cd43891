using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Users;

namespace DistrictSferum.Grains.Users;

/// <summary>
/// The account itself, for grains that already checked the caller's right (key: user id). Grain to grain only: the
/// gateway cannot reference this project, so it cannot create accounts or read contacts unchecked.
/// </summary>
[Alias("ds.IUserDirectory")]
internal interface IUserDirectory : IGrainWithStringKey
{
    /// <summary>Creates the account once; later calls only add the contact if it is new.</summary>
    [Alias("Create")]
    Task Create(string displayName, ContactAddress contact);

    [Alias("AddContact")]
    Task AddContact(ContactAddress contact);

    /// <summary>The full profile, contacts included; for grains that already checked the viewer's right.</summary>
    [Alias("GetProfileUnchecked")]
    Task<UserProfile> GetProfileUnchecked();
}

/// <summary>What schools, communities and chats record on the person's account when they change its memberships.</summary>
[Alias("ds.IUserMemberships")]
internal interface IUserMemberships : IGrainWithStringKey
{
    /// <summary>Records that the person holds a place in a school (called by the school grain).</summary>
    [Alias("JoinSchool")]
    Task JoinSchool(string schoolId);

    [Alias("LeaveSchool")]
    Task LeaveSchool(string schoolId);

    /// <summary>District communities the person is a member of (kept by the communities), so leaving the last school reaches them (ETH-9).</summary>
    [Alias("SetCommunityMembership")]
    Task SetCommunityMembership(string communityId, bool member);

    /// <summary>Chats the person is a member of (kept by the chat grains).</summary>
    [Alias("SetChatMembership")]
    Task SetChatMembership(string chatId, bool member);

    /// <summary>ETH-3: a personal invitation waits here until the person accepts or declines it.</summary>
    [Alias("AddInvitation")]
    Task AddInvitation(ChatInvitation invitation);

    [Alias("RemoveInvitation")]
    Task RemoveInvitation(string chatId);
}
