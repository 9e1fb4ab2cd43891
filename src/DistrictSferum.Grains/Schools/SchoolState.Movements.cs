using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Schools;

public sealed partial class SchoolState
{
    /// <summary>ORG-10: a student moves to another grade class; their parents follow.</summary>
    public Movement MoveStudent(string actorId, string studentId, string toClassId, DateTimeOffset now)
    {
        RequireAdministrator(actorId, Rules.Org10);
        var student = RequireStudent(studentId);
        var to = RequireOpenClass(toClassId, Rules.Org10);
        if (to.Kind != ClassKind.Grade)
            throw DomainException.InvalidField("to_class_id", SchoolErrors.NotAGradeClass, "A student moves between grade classes.", Rules.Org10);
        var from = student.Classes.FirstOrDefault(p => p.Role == JoinRole.Student && Classes[p.ClassId].Kind == ClassKind.Grade);
        if (from?.ClassId == toClassId)
            throw DomainException.Precondition(SchoolErrors.AlreadyInClass, "The student is already in that class.", Rules.Org10);

        if (from is not null) student.Classes.Remove(from);
        student.Classes.Add(new ClassPlacement(toClassId, JoinRole.Student));
        var parents = ParentsOf(studentId).ToList();
        foreach (var parent in parents) RefreshParentPlacements(parent);
        return new Movement(SchoolIdOf, MovementKind.StudentMoved, studentId, from?.ClassId, toClassId, actorId, now, parents.Select(p => p.UserId).ToList());
    }

    /// <summary>
    /// ORG-10, ETH-9: a student left. They lose the school at once; so does each parent with no other child left
    /// here (and no role of their own), recorded as a movement of their own.
    /// </summary>
    public IReadOnlyList<Movement> RecordStudentLeft(string actorId, string studentId, DateTimeOffset now)
    {
        RequireAdministrator(actorId, Rules.Org10);
        var student = RequireStudent(studentId);
        var parents = ParentsOf(studentId).ToList();
        var movements = new List<Movement>
        {
            new(SchoolIdOf, MovementKind.StudentLeft, studentId, student.ClassesAs(JoinRole.Student).FirstOrDefault(), null, actorId, now,
                parents.Select(p => p.UserId).ToList()),
        };

        Remove(studentId);
        foreach (var parent in parents)
        {
            parent.ChildIds.Remove(studentId);
            RefreshParentPlacements(parent);
            if (parent.ChildIds.Count > 0) continue;
            parent.Roles &= ~SchoolRoles.Parent;
            if (parent.Roles != SchoolRoles.None) continue;
            Remove(parent.UserId);
            movements.Add(new Movement(SchoolIdOf, MovementKind.ParentLeft, parent.UserId, null, null, actorId, now, []));
        }

        return movements;
    }

    /// <summary>
    /// ORG-10, ETH-9: an employee left. They lose every staff role and class at once; a parent of a pupil here
    /// stays as that parent. The last administrator cannot leave (ORG-6).
    /// </summary>
    public Movement RecordEmployeeLeft(string actorId, string userId, DateTimeOffset now)
    {
        RequireAdministrator(actorId, Rules.Org10);
        var employee = RequireTarget(userId);
        if (!employee.IsStaff)
            throw DomainException.Precondition(SchoolErrors.NotEmployee, "That member is not an employee of the school.", Rules.Org10);
        if (employee.Has(SchoolRoles.Administrator)) EnsureNotLastAdministrator(userId);

        var staffClasses = employee.ClassesAs(JoinRole.Teacher).ToList();
        foreach (var c in Classes.Values.Where(c => c.ClassTeacherIds.Remove(userId))) Touch(c);
        employee.Roles &= SchoolRoles.Parent;
        employee.VerifiedTeacher = false;
        employee.Classes.RemoveAll(p => p.Role == JoinRole.Teacher);
        if (employee.Roles == SchoolRoles.None) Remove(userId);
        return new Movement(SchoolIdOf, MovementKind.EmployeeLeft, userId, staffClasses.FirstOrDefault(), null, actorId, now, []);
    }

    /// <summary>Set by the grain from its key; movements name their school.</summary>
    public string SchoolIdOf { get; set; } = "";

    private MemberRecord RequireStudent(string studentId)
    {
        var student = RequireTarget(studentId);
        return student.Has(SchoolRoles.Student)
            ? student
            : throw DomainException.Precondition(SchoolErrors.NotStudent, "That member is not a student.", Rules.Org10);
    }

    private void Remove(string userId)
    {
        Members.Remove(userId);
        MemberChanged(userId);
    }

    /// <summary>ETH-9: what the school's chats need to apply <paramref name="movement"/> without asking back.</summary>
    public MovementFacts FactsFor(Movement movement) => FactsFor(movement.ParentIds.Prepend(movement.UserId));

    /// <summary>ETH-9, ORG-9: the memberships of <paramref name="userIds"/> and of everyone who may succeed a lone moderator.</summary>
    public MovementFacts FactsFor(IEnumerable<string> userIds)
    {
        var classTeachers = Classes.Values.ToDictionary(c => c.ClassId, c => (IReadOnlyList<string>)c.ClassTeacherIds.ToList());
        var people = userIds.Concat(classTeachers.Values.SelectMany(t => t)).Concat(AdministratorIds);
        var members = people.Distinct().Where(Members.ContainsKey).ToDictionary(id => id, id => View(Members[id]));
        return new MovementFacts(members, classTeachers, AdministratorIds);
    }
}
