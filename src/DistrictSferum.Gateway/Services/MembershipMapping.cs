using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using Google.Protobuf.WellKnownTypes;
using Proto = DistrictSferum.Protos.V1;

namespace DistrictSferum.Gateway.Services;

/// <summary>Wire translation for classes, invites, members and movements.</summary>
public static class MembershipMapping
{
    private static readonly (Proto.SchoolRole Proto, SchoolRoles Flag)[] RoleTable =
    [
        (Proto.SchoolRole.Administrator, SchoolRoles.Administrator),
        (Proto.SchoolRole.Teacher, SchoolRoles.Teacher),
        (Proto.SchoolRole.Student, SchoolRoles.Student),
        (Proto.SchoolRole.Parent, SchoolRoles.Parent),
        (Proto.SchoolRole.Director, SchoolRoles.Director),
        (Proto.SchoolRole.Deputy, SchoolRoles.Deputy),
    ];

    public static SchoolRoles ToContract(this Proto.SchoolRole role) =>
        role == Proto.SchoolRole.Unspecified ? SchoolRoles.None
        : RoleTable.FirstOrDefault(r => r.Proto == role) is { Flag: not SchoolRoles.None } found ? found.Flag
        : throw DomainException.Invalid("ROLE_INVALID", "Unknown role.");

    public static IEnumerable<Proto.SchoolRole> ToProto(this SchoolRoles roles) =>
        RoleTable.Where(r => (roles & r.Flag) != 0).Select(r => r.Proto);

    public static ClassKind ToContract(this Proto.ClassKind kind) =>
        System.Enum.IsDefined((ClassKind)kind) ? (ClassKind)kind : throw DomainException.Invalid("CLASS_KIND_INVALID", "Unknown class kind.");

    public static JoinRole ToContract(this Proto.JoinRole role) =>
        System.Enum.IsDefined((JoinRole)role) ? (JoinRole)role : throw DomainException.Invalid("ROLE_INVALID", "Unknown role.");

    public static Proto.Class ToProto(this ClassView c) => new()
    {
        ClassId = c.ClassId,
        Name = c.Name,
        Kind = (Proto.ClassKind)c.Kind,
        AcademicYear = c.AcademicYear,
        Archived = c.Archived,
        ClassTeacherIds = { c.ClassTeacherIds },
        StudentCount = c.StudentCount,
    };

    public static Proto.Invite ToProto(this InviteView i) => new()
    {
        InviteId = i.InviteId,
        ClassId = i.ClassId,
        Role = (Proto.JoinRole)i.Role,
        CreatedBy = i.CreatedBy,
        CreatedAt = i.CreatedAt.ToTimestamp(),
        ExpiresAt = i.ExpiresAt.ToTimestamp(),
        MaxUses = i.MaxUses ?? 0,
        Uses = i.Uses,
        Revoked = i.Revoked,
        AutoAccept = i.AutoAccept,
        StudentId = i.StudentId ?? "",
        UsedBy = { i.JoinedUserIds },
    };

    public static Proto.JoinRequest ToProto(this JoinRequestView r, string schoolId) => new()
    {
        RequestId = r.RequestId,
        SchoolId = schoolId,
        UserId = r.UserId,
        DisplayName = r.DisplayName,
        ClassId = r.ClassId,
        Role = (Proto.JoinRole)r.Role,
        InviteId = r.InviteId,
        StudentId = r.StudentId ?? "",
        CreatedAt = r.CreatedAt.ToTimestamp(),
        Status = (Proto.JoinRequestStatus)r.Status,
    };

    public static Proto.Member ToProto(this MemberView m) => new()
    {
        UserId = m.UserId,
        DisplayName = m.DisplayName,
        Roles = { m.Roles.ToProto() },
        VerifiedTeacher = m.VerifiedTeacher,
        Classes = { m.Classes.Select(p => new Proto.ClassPlacement { ClassId = p.ClassId, Role = (Proto.JoinRole)p.Role }) },
        ChildIds = { m.ChildIds },
        JoinedAt = m.JoinedAt.ToTimestamp(),
        Phone = m.Phone ?? "",
        Email = m.Email ?? "",
    };

    public static Proto.Movement ToProto(this Movement m) => new()
    {
        MovementId = m.MovementId,
        Kind = (Proto.MovementKind)m.Kind,
        UserId = m.UserId,
        FromClassId = m.FromClassId ?? "",
        ToClassId = m.ToClassId ?? "",
        ActorId = m.ActorId,
        At = m.At.ToTimestamp(),
        ParentIds = { m.ParentIds },
    };

    public static TimeSpan? ToOptionalTimeSpan(this Duration? duration) => duration?.ToTimeSpan();
}
