using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Tests.Rules;

/// <summary>A registered school's state, and shortcuts that admit members the way the rules say they join.</summary>
public sealed class SchoolBuilder
{
    public const string Admin = "admin";
    public static readonly DateTimeOffset Start = new(2026, 9, 1, 6, 0, 0, TimeSpan.Zero);
    private int next;

    public SchoolBuilder()
    {
        var application = SchoolRulesTests.Valid();
        State.Register(new SchoolRegistration(application, Admin, "operator"), "Администратор", "staff", Start);
        State.SchoolIdOf = "school";
    }

    public SchoolState State { get; } = new();

    public DateTimeOffset Now { get; set; } = Start;

    public string StaffRoom => State.StaffRoomId;

    public string Class(string name, ClassKind kind = ClassKind.Grade) =>
        State.CreateClass(Admin, "c" + Next(), name, kind, null, Now).ClassId;

    /// <summary>Creates a link as <paramref name="by"/> and returns its id and the token hash a follower presents.</summary>
    public (string InviteId, string Hash) Invite(string classId, JoinRole role, string by = Admin, string? studentId = null,
        int? maxUses = null, bool autoAccept = false, TimeSpan? lifetime = null)
    {
        var hash = DistrictSferum.Contracts.LinkTokens.Hash(DistrictSferum.Contracts.LinkTokens.New());
        var invite = State.CreateInvite(by, "i" + Next(), hash, new InviteRequest(classId, role, lifetime, maxUses, autoAccept, studentId), Now);
        return (invite.InviteId, hash);
    }

    public JoinRequestRecord Follow(string userId, (string InviteId, string Hash) link, bool dependent = false) =>
        State.FollowInvite(userId, "Имя " + userId, dependent, link.InviteId, link.Hash, "r" + Next(), Now).Request;

    /// <summary>The whole way in: a link from the administrator, followed, accepted.</summary>
    public string Join(string userId, string classId, JoinRole role, string? studentId = null, bool dependent = false)
    {
        var request = Follow(userId, Invite(classId, role, studentId: studentId), dependent);
        State.DecideJoinRequest(Admin, request.RequestId, accept: true, Now);
        return userId;
    }

    public string VerifiedTeacher(string userId)
    {
        Join(userId, StaffRoom, JoinRole.Teacher);
        State.VerifyTeacher(Admin, userId);
        return userId;
    }

    private int Next() => ++next;
}
