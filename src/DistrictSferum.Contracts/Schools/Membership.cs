namespace DistrictSferum.Contracts.Schools;

/// <summary>What a person is in one school. A person may hold several roles (a teacher who is also a parent).</summary>
[Flags]
[GenerateSerializer, Alias("ds.SchoolRoles")]
public enum SchoolRoles
{
    None = 0,
    Administrator = 1,
    Teacher = 2,
    Student = 4,
    Parent = 8,
    Director = 16,
    Deputy = 32,
}

/// <summary>The role an invite link admits to (ORG-5).</summary>
[GenerateSerializer, Alias("ds.JoinRole")]
public enum JoinRole
{
    Teacher = 0,
    Student = 1,
    Parent = 2,
}

/// <summary>How a class is named: a grade of the nomenclature ("5А"), a free-named group, or the staff room.</summary>
[GenerateSerializer, Alias("ds.ClassKind")]
public enum ClassKind
{
    Grade = 0,
    Additional = 1,
    StaffRoom = 2,
}

/// <summary>A class of a school (ORG-3, ORG-4, ORG-7).</summary>
[GenerateSerializer, Immutable, Alias("ds.ClassView")]
public sealed record ClassView(
    [property: Id(0)] string ClassId,
    [property: Id(1)] string Name,
    [property: Id(2)] ClassKind Kind,
    [property: Id(3)] int AcademicYear,
    [property: Id(4)] bool Archived,
    [property: Id(5)] IReadOnlyList<string> ClassTeacherIds,
    [property: Id(6)] int StudentCount);

/// <summary>One member as others of the school see them (CHAT-5): contacts only for themselves and administrators.</summary>
[GenerateSerializer, Immutable, Alias("ds.MemberView")]
public sealed record MemberView(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] SchoolRoles Roles,
    [property: Id(3)] bool VerifiedTeacher,
    [property: Id(4)] IReadOnlyList<ClassPlacement> Classes,
    [property: Id(5)] IReadOnlyList<string> ChildIds,
    [property: Id(6)] DateTimeOffset JoinedAt,
    [property: Id(7)] string? Phone,
    [property: Id(8)] string? Email);

/// <summary>A member's place in a class and in which role.</summary>
[GenerateSerializer, Immutable, Alias("ds.ClassPlacement")]
public sealed record ClassPlacement([property: Id(0)] string ClassId, [property: Id(1)] JoinRole Role);

/// <summary>Options of a new invite link.</summary>
[GenerateSerializer, Immutable, Alias("ds.InviteRequest")]
public sealed record InviteRequest(
    [property: Id(0)] string ClassId,
    [property: Id(1)] JoinRole Role,
    [property: Id(2)] TimeSpan? Lifetime,
    [property: Id(3)] int? MaxUses,
    [property: Id(4)] bool AutoAccept,
    [property: Id(5)] string? StudentId,
    [property: Id(6)] string? ClientRequestId = null);

/// <summary>An invite link as administrators list it; the token itself is shown only once, at creation.</summary>
[GenerateSerializer, Immutable, Alias("ds.InviteView")]
public sealed record InviteView(
    [property: Id(0)] string InviteId,
    [property: Id(1)] string ClassId,
    [property: Id(2)] JoinRole Role,
    [property: Id(3)] string CreatedBy,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] int? MaxUses,
    [property: Id(7)] int Uses,
    [property: Id(8)] bool Revoked,
    [property: Id(9)] bool AutoAccept,
    [property: Id(10)] string? StudentId,
    [property: Id(11)] IReadOnlyList<string> JoinedUserIds);

/// <summary>A newly created link: <see cref="Token"/> is the secret to send; only its hash is stored.</summary>
[GenerateSerializer, Immutable, Alias("ds.CreatedInvite")]
public sealed record CreatedInvite([property: Id(0)] InviteView Invite, [property: Id(1)] string Token);

[GenerateSerializer, Alias("ds.JoinRequestStatus")]
public enum JoinRequestStatus
{
    Pending = 0,
    Accepted = 1,
    Rejected = 2,
}

/// <summary>A request to join a class in a role, made by following a link (ORG-8).</summary>
[GenerateSerializer, Immutable, Alias("ds.JoinRequestView")]
public sealed record JoinRequestView(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string ClassId,
    [property: Id(4)] JoinRole Role,
    [property: Id(5)] string InviteId,
    [property: Id(6)] string? StudentId,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] JoinRequestStatus Status);

/// <summary>What following a link did: the request, and whether it was accepted at once.</summary>
[GenerateSerializer, Immutable, Alias("ds.FollowResult")]
public sealed record FollowResult([property: Id(0)] string SchoolId, [property: Id(1)] JoinRequestView Request);

[GenerateSerializer, Alias("ds.MovementKind")]
public enum MovementKind
{
    Joined = 0,
    StudentMoved = 1,
    StudentLeft = 2,
    EmployeeLeft = 3,
    ParentLeft = 4,
}

/// <summary>
/// One entry of a school's history and the event published for it (ORG-10, ETH-9). For a student who moved or
/// left, <see cref="ParentIds"/> lists their parents; a parent left with no child in the school gets a
/// <see cref="MovementKind.ParentLeft"/> entry of their own.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.Movement")]
public sealed record Movement(
    [property: Id(0)] string SchoolId,
    [property: Id(1)] MovementKind Kind,
    [property: Id(2)] string UserId,
    [property: Id(3)] string? FromClassId,
    [property: Id(4)] string? ToClassId,
    [property: Id(5)] string ActorId,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] IReadOnlyList<string> ParentIds,
    [property: Id(8)] string MovementId = "");

/// <summary>
/// ORG-9: a member's rights in the school changed without a movement (a teacher's verification withdrawn): every chat
/// of the school re-checks whether it still admits <see cref="UserId"/> and removes them if not. Committed in the
/// school's outbox with the change and delivered like a movement (idempotent by <see cref="ChangeId"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.RightsChange")]
public sealed record RightsChange(
    [property: Id(0)] string ChangeId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string ActorId,
    [property: Id(3)] DateTimeOffset At);

/// <summary>
/// What a school's chats need to apply a movement without asking the school back (a school busy flushing its
/// outbox, or still activating, must never wait on a call that comes back to it): the memberships, as the school
/// holds them now, of the movement's people and of everyone who may succeed a lone moderator. No contact data.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.MovementFacts")]
public sealed record MovementFacts(
    [property: Id(0)] IReadOnlyDictionary<string, MemberView> Members,
    [property: Id(1)] IReadOnlyDictionary<string, IReadOnlyList<string>> ClassTeacherIds,
    [property: Id(2)] IReadOnlyList<string> AdministratorIds)
{
    public MemberView? Membership(string userId) => Members.GetValueOrDefault(userId);
}
