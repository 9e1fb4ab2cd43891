namespace DistrictSferum.Contracts.Users;

/// <summary>
/// A person's account as they use it (key: user id). Tied to schools, never to an external social profile (CHAT-5).
/// What other grains record here (memberships, invitations, the account itself) is in the Grains project's
/// IUserDirectory and IUserMemberships, out of the gateway's reach.
/// </summary>
[Alias("ds.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>The account as the actor may see it: contacts only for the person themself.</summary>
    [Alias("GetProfile")]
    Task<UserProfile> GetProfile(Actor actor);

    [Alias("SetDisplayName")]
    Task<UserProfile> SetDisplayName(Actor actor, string displayName);

    /// <summary>The chats the person is a member of; only the person themself may ask.</summary>
    [Alias("MyChatIds")]
    Task<IReadOnlyList<string>> GetChatIds(Actor actor);

    /// <summary>Drops a chat that no longer exists from the person's own list (their stream found it gone).</summary>
    [Alias("ForgetChat")]
    Task ForgetChat(Actor actor, string chatId);

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
