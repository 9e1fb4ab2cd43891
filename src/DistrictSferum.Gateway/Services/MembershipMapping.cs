using DistrictSferum.Contracts.Schools;
using Google.Protobuf.WellKnownTypes;
using Proto = DistrictSferum.Protos.V1;

namespace DistrictSferum.Gateway.Services;

/// <summary>Wire translation for classes, invites, members and movements.</summary>
public static class MembershipMapping
{
    /// <summary>Role badges: every flag the member holds, as wire values.</summary>
    public static IEnumerable<Proto.SchoolRole> ToProto(this SchoolRoles roles) =>
        WireEnums.SchoolRoles.DomainValues.Where(flag => (roles & flag) != 0).Select(WireEnums.SchoolRoles.ToWire);

    public static Proto.Class ToProto(this ClassView c) => new()
    {
        ClassId = c.ClassId,
        Name = c.Name,
        Kind = WireEnums.ClassKinds.ToWire(c.Kind),
        AcademicYear = c.AcademicYear,
        Archived = c.Archived,
        ClassTeacherIds = { c.ClassTeacherIds },
        StudentCount = c.StudentCount,
    };

    public static Proto.YearRollover ToProto(this YearRollover r) => new()
    {
        FromYear = r.FromYear,
        ToYear = r.ToYear,
        FinalGrade = r.FinalGrade,
        Classes = { r.Classes.Select(c => new Proto.ClassStep { ClassId = c.ClassId, FromName = c.FromName, ToName = c.ToName ?? "", Students = c.Students }) },
        GraduateIds = { r.GraduateIds },
        ParentIdsLeaving = { r.ParentIdsLeaving },
        Conflicts = { r.Conflicts },
        Applied = r.Applied,
        ClassChatsArchived = r.ClassChatsArchived,
    };

    public static Proto.Invite ToProto(this InviteView i) => new()
    {
        InviteId = i.InviteId,
        ClassId = i.ClassId,
        Role = WireEnums.JoinRoles.ToWire(i.Role),
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
        Role = WireEnums.JoinRoles.ToWire(r.Role),
        InviteId = r.InviteId,
        StudentId = r.StudentId ?? "",
        CreatedAt = r.CreatedAt.ToTimestamp(),
        Status = WireEnums.JoinRequestStatuses.ToWire(r.Status),
    };

    public static Proto.Member ToProto(this MemberView m) => new()
    {
        UserId = m.UserId,
        DisplayName = m.DisplayName,
        Roles = { m.Roles.ToProto() },
        VerifiedTeacher = m.VerifiedTeacher,
        Classes = { m.Classes.Select(p => new Proto.ClassPlacement { ClassId = p.ClassId, Role = WireEnums.JoinRoles.ToWire(p.Role) }) },
        ChildIds = { m.ChildIds },
        JoinedAt = m.JoinedAt.ToTimestamp(),
        Phone = m.Phone ?? "",
        Email = m.Email ?? "",
    };

    public static Proto.Movement ToProto(this Movement m) => new()
    {
        MovementId = m.MovementId,
        Kind = WireEnums.MovementKinds.ToWire(m.Kind),
        UserId = m.UserId,
        FromClassId = m.FromClassId ?? "",
        ToClassId = m.ToClassId ?? "",
        ActorId = m.ActorId,
        At = m.At.ToTimestamp(),
        ParentIds = { m.ParentIds },
    };

}
