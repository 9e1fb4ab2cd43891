using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Schools;

/// <summary>
/// What the school owns: information, classes and the member directory with everyone's roles and placements
/// (invite links and join requests are their classes', <see cref="SchoolClassState"/>).
/// Its methods are the school's rules: pure (no Orleans, no I/O), they check everything before they change
/// anything, so a refused command leaves the state as it was. Unbounded history lives in PostgreSQL.
/// </summary>
[GenerateSerializer, Alias("ds.SchoolState")]
public sealed partial class SchoolState
{
    public const string StaffRoomName = "Учительская";

    [Id(0)] public bool Registered { get; set; }
    [Id(1)] public SchoolInfo Info { get; set; } = new("", "", "", SchoolRules.DefaultTimeZone, "");
    [Id(2)] public SchoolApplication? Application { get; set; }
    [Id(3)] public DateTimeOffset RegisteredAt { get; set; }
    [Id(4)] public string RegisteredBy { get; set; } = "";
    [Id(5)] public string StaffRoomId { get; set; } = "";
    [Id(6)] public Dictionary<string, ClassRecord> Classes { get; set; } = [];
    [Id(7)] public Dictionary<string, MemberRecord> Members { get; set; } = [];

    /// <summary>The academic year the school last moved into (<see cref="ApplyRollover"/>); 0 before the first.</summary>
    [Id(10)] public int LastRolloverYear { get; set; }

    /// <summary>Only in schools stored before issue 15; their classes own them now (<see cref="SchoolClassState"/>).</summary>
    [Id(8)] public Dictionary<string, InviteRecord> Invites { get; set; } = [];

    /// <summary>Only in schools stored before issue 15, like <see cref="Invites"/>.</summary>
    [Id(9)] public Dictionary<string, JoinRequestRecord> Requests { get; set; } = [];

    public IReadOnlyList<string> AdministratorIds =>
        Members.Values.Where(m => m.Has(SchoolRoles.Administrator)).OrderBy(m => m.JoinedAt).Select(m => m.UserId).ToList();

    /// <summary>ORG-1, ORG-3: the school starts with its administrator and its staff room.</summary>
    public void Register(SchoolRegistration registration, string adminName, string staffRoomId, DateTimeOffset now)
    {
        Registered = true;
        Info = registration.Application.Info;
        Application = registration.Application;
        RegisteredAt = now;
        RegisteredBy = registration.RegisteredBy;
        StaffRoomId = staffRoomId;
        Changes.Core = true;
        Classes[staffRoomId] = new ClassRecord
        {
            ClassId = staffRoomId,
            Name = StaffRoomName,
            Kind = ClassKind.StaffRoom,
            AcademicYear = AcademicYearOf(now),
        };
        Members[registration.AdministratorId] = Touch(new MemberRecord
        {
            UserId = registration.AdministratorId,
            DisplayName = adminName,
            Roles = SchoolRoles.Administrator,
            JoinedAt = now,
        });
    }

    /// <summary>ORG-1: an operator records an updated application (the school's information stays the school's).</summary>
    public void ReplaceApplication(SchoolApplication application)
    {
        Application = application with { Info = Info };
        Changes.Core = true;
    }

    /// <summary>ORG-1 recovery: the administrator an updated application appoints joins (or becomes administrator) at once.</summary>
    public void AppointFromApplication(SchoolApplication application, string administratorId, DateTimeOffset now)
    {
        ReplaceApplication(application);
        if (Members.TryGetValue(administratorId, out var member)) Touch(member).Roles |= SchoolRoles.Administrator;
        else Members[administratorId] = Touch(new MemberRecord
        {
            UserId = administratorId,
            DisplayName = application.AdminFullName,
            Roles = SchoolRoles.Administrator,
            JoinedAt = now,
        });
    }

    // --- who may do what ---

    /// <summary>DIS-1: a non-member learns nothing, not even that the thing exists.</summary>
    public MemberRecord RequireMember(string userId) =>
        Registered && Members.TryGetValue(userId, out var member)
            ? member
            : throw DomainException.NotFound(CommonErrors.SchoolNotFound, "No such school.", Rules.Dis1);

    public MemberRecord RequireAdministrator(string userId, string ruleId)
    {
        var member = RequireMember(userId);
        return member.Has(SchoolRoles.Administrator)
            ? member
            : throw DomainException.Denied(SchoolErrors.NotAdministrator, "Only the school's administrators may do this.", ruleId);
    }

    /// <summary>ORG-9: only a verified teacher acts as a teacher.</summary>
    public MemberRecord RequireActingTeacher(string userId, string ruleId)
    {
        var member = RequireMember(userId);
        if (!member.Has(SchoolRoles.Teacher))
            throw DomainException.Denied(SchoolErrors.NotTeacher, "Only the school's teachers may do this.", ruleId);
        if (!member.VerifiedTeacher)
            throw DomainException.Denied(CommonErrors.TeacherNotVerified, "An administrator has not yet verified this teacher.", Rules.Org9);
        return member;
    }

    public ClassRecord RequireClass(string classId) =>
        Classes.TryGetValue(classId, out var c) ? c : throw DomainException.NotFound(SchoolErrors.ClassNotFound, "No such class in this school.");

    /// <summary>The member a command acts on; marked changed (an unchanged row written again is harmless).</summary>
    public MemberRecord RequireTarget(string userId) =>
        Members.TryGetValue(userId, out var m) ? Touch(m) : throw DomainException.NotFound(CommonErrors.MemberNotFound, "No such member of this school.");

    public bool IsClassTeacher(string userId, string classId) =>
        Classes.TryGetValue(classId, out var c) && c.ClassTeacherIds.Contains(userId);

    /// <summary>
    /// Staff see the whole school; students and parents see themselves, their families and who shares a class
    /// with them. ORG-9: a teacher not yet verified is no staff for this: they see the staff, never the pupils,
    /// parents or families (unless, as a parent themself, through their own family and classes).
    /// </summary>
    public bool CanSee(MemberRecord viewer, MemberRecord target)
    {
        if (viewer.UserId == target.UserId || IsTrustedStaff(viewer)) return true;
        if (target.IsStaff) return true;
        if (viewer.ChildIds.Contains(target.UserId) || target.ChildIds.Contains(viewer.UserId)) return true;
        // ORG-9: a teacher's placement in a class shows its roster only once they are verified (trusted staff, above).
        return viewer.Classes.Any(v => v.Role != JoinRole.Teacher && target.Classes.Any(t => t.ClassId == v.ClassId));
    }

    /// <summary>Administrators, the director and deputies, and verified teachers (ORG-9).</summary>
    public static bool IsTrustedStaff(MemberRecord m) =>
        m.Has(SchoolRoles.Administrator) || m.Has(SchoolRoles.Director) || m.Has(SchoolRoles.Deputy) || (m.Has(SchoolRoles.Teacher) && m.VerifiedTeacher);

    public int AcademicYearOf(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(Info.TimeZone));
        // The school year starts on 1 September; classes for it are built over the summer.
        return local.Month >= 7 ? local.Year : local.Year - 1;
    }

    // --- views ---

    public ClassView View(ClassRecord c) => new(
        c.ClassId, c.Name, c.Kind, c.AcademicYear, c.Archived, c.ClassTeacherIds.ToList(), StudentCount(c.ClassId));

    public static MemberView View(MemberRecord m, string? phone = null, string? email = null) => new(
        m.UserId, m.DisplayName, m.Roles, m.VerifiedTeacher, m.Classes.ToList(), m.ChildIds.ToList(), m.JoinedAt, phone, email);

    public static InviteView View(InviteRecord i) => new(
        i.InviteId, i.ClassId, i.Role, i.CreatedBy, i.CreatedAt, i.ExpiresAt, i.MaxUses, i.Uses, i.Revoked, i.AutoAccept, i.StudentId, i.UsedBy.ToList());

    public static JoinRequestView View(JoinRequestRecord r, JoinRequestStatus status) => new(
        r.RequestId, r.UserId, r.DisplayName, r.ClassId, r.Role, r.InviteId, r.StudentId, r.CreatedAt, status);
}

[GenerateSerializer, Alias("ds.ClassRecord")]
public sealed class ClassRecord
{
    [Id(0)] public string ClassId { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public ClassKind Kind { get; set; }
    [Id(3)] public int Grade { get; set; }
    [Id(4)] public int AcademicYear { get; set; }
    [Id(5)] public bool Archived { get; set; }
    [Id(6)] public List<string> ClassTeacherIds { get; set; } = [];

    /// <summary>REG-3: grades 1-4 are primary school.</summary>
    public bool IsPrimary => Kind == ClassKind.Grade && Grade is >= 1 and <= 4;
}

[GenerateSerializer, Alias("ds.MemberRecord")]
public sealed class MemberRecord
{
    [Id(0)] public string UserId { get; set; } = "";
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public SchoolRoles Roles { get; set; }
    [Id(3)] public bool VerifiedTeacher { get; set; }
    [Id(4)] public List<ClassPlacement> Classes { get; set; } = [];
    [Id(5)] public List<string> ChildIds { get; set; } = [];
    [Id(6)] public DateTimeOffset JoinedAt { get; set; }

    public bool Has(SchoolRoles role) => (Roles & role) == role;

    public bool IsStaff => (Roles & (SchoolRoles.Administrator | SchoolRoles.Teacher | SchoolRoles.Director | SchoolRoles.Deputy)) != 0;

    public IEnumerable<string> ClassesAs(JoinRole role) => Classes.Where(p => p.Role == role).Select(p => p.ClassId);
}

[GenerateSerializer, Alias("ds.InviteRecord")]
public sealed class InviteRecord
{
    [Id(0)] public string InviteId { get; set; } = "";
    [Id(1)] public string TokenHash { get; set; } = "";
    [Id(2)] public string ClassId { get; set; } = "";
    [Id(3)] public JoinRole Role { get; set; }
    [Id(4)] public string CreatedBy { get; set; } = "";
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(7)] public int? MaxUses { get; set; }
    [Id(8)] public int Uses { get; set; }
    [Id(9)] public bool Revoked { get; set; }
    [Id(10)] public bool AutoAccept { get; set; }
    [Id(11)] public string? StudentId { get; set; }
    [Id(12)] public List<string> UsedBy { get; set; } = [];
}

[GenerateSerializer, Alias("ds.JoinRequestRecord")]
public sealed class JoinRequestRecord
{
    [Id(0)] public string RequestId { get; set; } = "";
    [Id(1)] public string UserId { get; set; } = "";
    [Id(2)] public string DisplayName { get; set; } = "";
    [Id(3)] public string ClassId { get; set; } = "";
    [Id(4)] public JoinRole Role { get; set; }
    [Id(5)] public string InviteId { get; set; } = "";
    [Id(6)] public string? StudentId { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Accepted (by its link or an administrator) and being admitted by the school: retried until it is.</summary>
    [Id(8)] public bool Accepted { get; set; }
}
