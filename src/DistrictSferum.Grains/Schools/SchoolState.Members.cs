using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Schools;

public sealed partial class SchoolState
{
    /// <summary>
    /// ORG-8: an accepted request (by its link or an administrator) makes its author a member in its role. Admitting
    /// the same request again changes nothing and returns false, so a class may retry after a crash.
    /// </summary>
    public bool AdmitRequest(JoinRequestRecord request, DateTimeOffset now)
    {
        if (IsAdmitted(request)) return false;
        RequireOpenClass(request.ClassId, Rules.Org8);
        EnsureCanJoin(request.UserId, request.ClassId, request.Role, request.StudentId);
        Admit(request, now);
        return true;
    }

    private bool IsAdmitted(JoinRequestRecord request) =>
        Members.TryGetValue(request.UserId, out var member) &&
        (request.Role == JoinRole.Parent ? member.ChildIds.Contains(request.StudentId!) : member.Classes.Contains(new ClassPlacement(request.ClassId, request.Role)));

    /// <summary>ORG-9, REG-1: a teacher's status is confirmed by an administrator; the badge is then shown.</summary>
    public MemberRecord VerifyTeacher(string actorId, string userId)
    {
        RequireAdministrator(actorId, Rules.Org9);
        var teacher = RequireTarget(userId);
        if (!teacher.Has(SchoolRoles.Teacher))
            throw DomainException.Precondition(SchoolErrors.NotTeacher, "Only a member who joined as a teacher can be verified.", Rules.Org9);
        teacher.VerifiedTeacher = true;
        return teacher;
    }

    /// <summary>
    /// ORG-9: verification can be withdrawn (a mistaken or lapsed confirmation). The director and deputies must be
    /// verified teachers (ORG-15), so they lose those roles with it.
    /// </summary>
    public MemberRecord WithdrawVerification(string actorId, string userId)
    {
        RequireAdministrator(actorId, Rules.Org9);
        var teacher = RequireTarget(userId);
        if (!teacher.VerifiedTeacher)
            throw DomainException.Precondition(CommonErrors.TeacherNotVerified, "This member is not a verified teacher.", Rules.Org9);
        teacher.VerifiedTeacher = false;
        teacher.Roles &= ~(SchoolRoles.Director | SchoolRoles.Deputy);
        return teacher;
    }

    /// <summary>ORG-6: additional administrators are appointed only from teachers who have joined.</summary>
    public MemberRecord AppointAdministrator(string actorId, string userId)
    {
        RequireAdministrator(actorId, Rules.Org6);
        var teacher = RequireTarget(userId);
        if (!teacher.Has(SchoolRoles.Teacher))
            throw DomainException.Precondition(SchoolErrors.NotTeacher, "Administrators are appointed from the school's teachers.", Rules.Org6);
        teacher.Roles |= SchoolRoles.Administrator;
        return teacher;
    }

    /// <summary>ORG-6: an administrator may be removed or step down, but a school always keeps one.</summary>
    public MemberRecord RemoveAdministrator(string actorId, string userId)
    {
        RequireAdministrator(actorId, Rules.Org6);
        var admin = RequireTarget(userId);
        if (!admin.Has(SchoolRoles.Administrator))
            throw DomainException.Precondition(SchoolErrors.NotAdministrator, "That member is not an administrator.", Rules.Org6);
        EnsureNotLastAdministrator(userId);
        admin.Roles &= ~SchoolRoles.Administrator;
        return admin;
    }

    /// <summary>ORG-15: the director and deputies are teachers (they join the staff room as teachers).</summary>
    public MemberRecord SetManagementRole(string actorId, string userId, SchoolRoles role, bool holds)
    {
        RequireAdministrator(actorId, Rules.Org15);
        if (role is not (SchoolRoles.Director or SchoolRoles.Deputy))
            throw DomainException.InvalidField("role", SchoolErrors.RoleInvalid, "Only the director or deputy mark can be set here.", Rules.Org15);
        var member = RequireTarget(userId);
        if (holds && !member.Has(SchoolRoles.Teacher))
            throw DomainException.Precondition(SchoolErrors.NotTeacher, "The director and deputies join the staff room as teachers first.", Rules.Org15);
        if (holds && !member.VerifiedTeacher)
            throw DomainException.Precondition(CommonErrors.TeacherNotVerified, "The director and deputies must be verified teachers.", Rules.Org9);
        if (holds && role == SchoolRoles.Director && Members.Values.Any(m => m.UserId != userId && m.Has(SchoolRoles.Director)))
            throw DomainException.Precondition(SchoolErrors.DirectorExists, "The school has a director; unmark them first.", Rules.Org15);
        member.Roles = holds ? member.Roles | role : member.Roles & ~role;
        return member;
    }

    public IReadOnlyList<MemberRecord> MemberList(string actorId, string? classId, SchoolRoles role)
    {
        var viewer = RequireMember(actorId);
        if (classId is not null) RequireClass(classId);
        return Directory
            .Where(m => CanSee(viewer, m))
            .Where(m => classId is null || m.Classes.Any(p => p.ClassId == classId))
            .Where(m => role == SchoolRoles.None || (m.Roles & role) != 0)
            .ToList();
    }

    public MemberRecord VisibleMember(string actorId, string userId)
    {
        var viewer = RequireMember(actorId);
        return Members.TryGetValue(userId, out var target) && CanSee(viewer, target)
            ? target
            : throw DomainException.NotFound(CommonErrors.MemberNotFound, "No such member of this school.", Rules.Dis1);
    }

    private void EnsureNotLastAdministrator(string userId)
    {
        if (Members.Values.All(m => m.UserId == userId || !m.Has(SchoolRoles.Administrator)))
            throw DomainException.Precondition(SchoolErrors.LastAdministrator, "The school's last administrator cannot be removed.", Rules.Org6);
    }

    private void EnsureCanJoin(string userId, string classId, JoinRole role, string? studentId)
    {
        Members.TryGetValue(userId, out var member);
        var target = RequireClass(classId);
        if (member is not null)
        {
            if (role == JoinRole.Parent ? member.ChildIds.Contains(studentId!) : member.Classes.Contains(new ClassPlacement(classId, role)))
                throw DomainException.Exists(CommonErrors.AlreadyMember, "Already a member of this class in this role.", Rules.Org8);
            if (role == JoinRole.Student && target.Kind == ClassKind.Grade && member.Classes.Any(p => p.Role == JoinRole.Student && Classes[p.ClassId].Kind == ClassKind.Grade))
                throw DomainException.Precondition(SchoolErrors.AlreadyInAClass, "A student belongs to one grade class; an administrator moves them (ORG-10).", Rules.Org10);
        }

        if (role == JoinRole.Parent && (studentId is null || !Members.ContainsKey(studentId)))
            throw DomainException.Precondition(SchoolErrors.StudentGone, "The student this link names is no longer in the school.", Rules.Reg4);
        if (role == JoinRole.Parent && studentId == userId)
            throw DomainException.Invalid(SchoolErrors.OwnParent, "A student cannot be their own parent.", Rules.Reg4);
    }

    private void Admit(JoinRequestRecord request, DateTimeOffset now)
    {
        if (!Members.TryGetValue(request.UserId, out var member))
        {
            member = new MemberRecord { UserId = request.UserId, DisplayName = request.DisplayName, JoinedAt = now };
            Members[request.UserId] = member;
        }

        Touch(member);

        switch (request.Role)
        {
            case JoinRole.Teacher:
                // REG-1: a teacher joins unverified; every teacher is in the staff room (ORG-3).
                member.Roles |= SchoolRoles.Teacher;
                Place(member, StaffRoomId, JoinRole.Teacher);
                Place(member, request.ClassId, JoinRole.Teacher);
                break;
            case JoinRole.Student:
                member.Roles |= SchoolRoles.Student;
                Place(member, request.ClassId, JoinRole.Student);
                break;
            case JoinRole.Parent:
                // REG-4: a parent is linked to the child the link names.
                member.Roles |= SchoolRoles.Parent;
                member.ChildIds.Add(request.StudentId!);
                RefreshParentPlacements(member);
                break;
        }
    }

    private static void Place(MemberRecord member, string classId, JoinRole role)
    {
        var placement = new ClassPlacement(classId, role);
        if (!member.Classes.Contains(placement)) member.Classes.Add(placement);
    }

    /// <summary>A parent is in exactly the classes their children are in here.</summary>
    private void RefreshParentPlacements(MemberRecord parent)
    {
        Touch(parent).Classes.RemoveAll(p => p.Role == JoinRole.Parent);
        foreach (var classId in parent.ChildIds.Where(Members.ContainsKey).SelectMany(c => Members[c].ClassesAs(JoinRole.Student)).Distinct())
            parent.Classes.Add(new ClassPlacement(classId, JoinRole.Parent));
    }

    private IEnumerable<MemberRecord> ParentsOf(string studentId) => Members.Values.Where(m => m.ChildIds.Contains(studentId));
}
