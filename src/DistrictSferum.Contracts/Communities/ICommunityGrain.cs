using DistrictSferum.Contracts.Chats;

namespace DistrictSferum.Contracts.Communities;

/// <summary>
/// A district community (key: <see cref="CommunityIds"/>): methodical and subject associations, professional
/// development groups and projects that verified teachers of several schools join (DIS-2). Its chats and channels
/// are ordinary chat grains scoped to it.
/// </summary>
[Alias("ds.ICommunityGrain")]
public interface ICommunityGrain : IGrainWithStringKey
{
    /// <summary>Created once by the directory, for an operator.</summary>
    [Alias("Create")]
    Task<CommunityView> Create(Actor actor, NewCommunity community, IReadOnlyList<TeacherStanding> moderators);

    /// <summary>Members, the district's verified teachers (to ask to join) and operators see it; others get NOT_FOUND.</summary>
    [Alias("Get")]
    Task<CommunityView> Get(Actor actor);

    /// <summary>A moderator makes a link that lets verified teachers of the district join at once; the token is shown once.</summary>
    /// <summary>With <paramref name="requestId"/> a retry answers the first attempt's token (issue 9).</summary>
    [Alias("CreateLinkOnce")]
    Task<string> CreateLink(Actor actor, TimeSpan? lifetime, string? requestId);

    [Alias("JoinByLink")]
    Task<CommunityView> JoinByLink(Actor actor, string linkToken);

    [Alias("RequestToJoin")]
    Task<CommunityJoinRequest> RequestToJoin(Actor actor);

    [Alias("ListJoinRequests")]
    Task<IReadOnlyList<CommunityJoinRequest>> ListJoinRequests(Actor actor);

    [Alias("DecideJoinRequest")]
    Task<CommunityJoinRequest> DecideJoinRequest(Actor actor, string userId, bool accept);

    [Alias("Leave")]
    Task Leave(Actor actor);

    /// <summary>A moderator or a district operator appoints a member as moderator, or removes one (never the last).</summary>
    [Alias("SetModerator")]
    Task<CommunityView> SetModerator(Actor actor, string userId, bool moderator);

    /// <summary>DIS-1's exception: names, badges and schools' short names, for members, moderators and operators.</summary>
    [Alias("ListMembers")]
    Task<Page<CommunityMemberView>> ListMembers(Actor actor, PageRequest page);

    /// <summary>A moderator opens a chat or a channel of the community; members join it under its rules (ETH-3, ETH-4).</summary>
    [Alias("CreateChat")]
    Task<ChatView> CreateChat(Actor actor, ChatKind kind, string title, IReadOnlyList<string> ruleClauses, string? requestId = null);

    [Alias("ListChats")]
    Task<IReadOnlyList<ChatView>> ListChats(Actor actor);
}

/// <summary>The district's communities (one per district, key "district"): creation and the list.</summary>
[Alias("ds.ICommunityDirectoryGrain")]
public interface ICommunityDirectoryGrain : IGrainWithStringKey
{
    /// <summary>DIS-2: an operator creates a community with moderators who are verified teachers of district schools.</summary>
    [Alias("Create")]
    Task<CommunityView> Create(Actor actor, NewCommunity community, string? requestId = null);

    /// <summary>Operators and the district's verified teachers list the communities, to ask to join.</summary>
    [Alias("List")]
    Task<Page<CommunityView>> List(Actor actor, PageRequest page);
}
