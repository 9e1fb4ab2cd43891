using DistrictSferum.Contracts.Identity;

namespace DistrictSferum.Contracts.Users;

/// <summary>A person's account (key: user id). Tied to schools, never to an external social profile (CHAT-5).</summary>
[Alias("ds.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the account once; later calls only add the contact if it is new.</summary>
    [Alias("Create")]
    Task Create(string displayName, ContactAddress contact);

    [Alias("AddContact")]
    Task AddContact(ContactAddress contact);

    /// <summary>The account as the actor may see it: contacts only for the person themself.</summary>
    [Alias("GetProfile")]
    Task<UserProfile> GetProfile(Actor actor);

    /// <summary>The full profile, contacts included; for grains that already checked the viewer's right.</summary>
    [Alias("GetProfileUnchecked")]
    Task<UserProfile> GetProfileUnchecked();

    [Alias("SetDisplayName")]
    Task<UserProfile> SetDisplayName(Actor actor, string displayName);

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

    [Alias("GetChatIds")]
    Task<IReadOnlyList<string>> GetChatIds();

    /// <summary>ETH-3: a personal invitation waits here until the person accepts or declines it.</summary>
    [Alias("AddInvitation")]
    Task AddInvitation(Chats.ChatInvitation invitation);

    [Alias("RemoveInvitation")]
    Task RemoveInvitation(string chatId);

    [Alias("GetInvitations")]
    Task<IReadOnlyList<Chats.ChatInvitation>> GetInvitations(Actor actor);
}

/// <summary>What a profile shows. Phone and e-mail are null unless the viewer may see them.</summary>
[GenerateSerializer, Immutable, Alias("ds.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? Phone,
    [property: Id(3)] string? Email,
    [property: Id(4)] IReadOnlyList<string> SchoolIds,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] string? GuardianEmail = null)
{
    /// <summary>A primary-school pupil's account, signed in through a parent's e-mail (REG-3).</summary>
    public bool IsDependent => GuardianEmail is not null;
}
