using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Schools;

/// <summary>
/// What a school's classes ask of it (grain to grain, never the gateway's: it cannot reference this project). The
/// calls interleave with the school's own turn, because a class asks while the school may be waiting on that class.
/// </summary>
[Alias("ds.ISchoolAdmissions")]
public interface ISchoolAdmissions : IGrainWithStringKey
{
    /// <summary>The link <paramref name="actor"/> may create by the school's rules (ORG-5, REG-2, REG-4), not yet stored.</summary>
    [Alias("AuthorizeInvite"), Orleans.Concurrency.AlwaysInterleave]
    Task<InviteRecord> AuthorizeInvite(Actor actor, string inviteId, string tokenHash, InviteRequest request);

    /// <summary>Refuses a person who may not join the class in the role (REG-3, REG-4, ORG-8, ORG-10).</summary>
    [Alias("CheckJoin"), Orleans.Concurrency.AlwaysInterleave]
    Task CheckJoin(string userId, bool dependent, string classId, JoinRole role, string? studentId);

    /// <summary>Makes an accepted request's author a member (ORG-8); admitting it again changes nothing.</summary>
    [Alias("Admit"), Orleans.Concurrency.AlwaysInterleave]
    Task Admit(JoinRequestRecord request, string actorId);
}

/// <summary>What a school asks of its classes on an administrator's behalf, once the school has authorised it.</summary>
[Alias("ds.ISchoolClassLinks")]
public interface ISchoolClassLinks : IGrainWithStringKey
{
    [Alias("RevokeInvite")]
    Task<InviteRecord> RevokeInvite(string actorId, bool administrator, string inviteId);

    [Alias("AnnulUnusedInvites")]
    Task<int> AnnulUnusedInvites(string actorId, TimeSpan? olderThan);

    /// <summary>The class was archived: no link of it admits anyone any more.</summary>
    [Alias("RevokeAll")]
    Task RevokeAll();

    /// <summary>ETH-9: the person left the school; their requests and the links naming them go.</summary>
    [Alias("Forget")]
    Task Forget(string userId);

    /// <summary>ORG-8: an administrator's decision on a pending request; an accepted one is admitted by the school.</summary>
    [Alias("DecideJoinRequest")]
    Task<JoinRequestRecord> DecideJoinRequest(string actorId, string requestId, bool accept);
}

/// <summary>A class binds the token of a link it issued to that link (key: SHA-256 of the token, hex).</summary>
[Alias("ds.IInviteTokenBinding")]
public interface IInviteTokenBinding : IGrainWithStringKey
{
    [Alias("Bind")]
    Task Bind(string schoolId, string classId, string inviteId);
}

/// <summary>ORG-1: the district registers a school it approved (key: school id); the district checked the operator.</summary>
[Alias("ds.ISchoolRegistration")]
public interface ISchoolRegistration : IGrainWithStringKey
{
    [Alias("Register")]
    Task<SchoolView> Register(SchoolRegistration registration);
}

/// <summary>
/// What chats, meetings, audits and other grains deciding on a school's behalf read of it (key: school id). They
/// check their own actor against these facts; the reads interleave, so a grain the school waits on may ask.
/// </summary>
[Alias("ds.ISchoolFacts")]
public interface ISchoolFacts : IGrainWithStringKey
{
    /// <summary>ETH-7: how long members may object to an early unblock, for chats of this school.</summary>
    [Alias("GetObjectionWindow"), Orleans.Concurrency.AlwaysInterleave]
    Task<TimeSpan> GetObjectionWindow();

    /// <summary>The school's administrators.</summary>
    [Alias("GetAdministratorIds"), Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<string>> GetAdministratorIds();

    /// <summary>A class; NOT_FOUND if none.</summary>
    [Alias("GetClass"), Orleans.Concurrency.AlwaysInterleave]
    Task<ClassView> GetClass(string classId);

    /// <summary>The person's roles and placements here; NOT_FOUND if none.</summary>
    [Alias("GetMembership"), Orleans.Concurrency.AlwaysInterleave]
    Task<MemberView> GetMembership(string userId);
}
