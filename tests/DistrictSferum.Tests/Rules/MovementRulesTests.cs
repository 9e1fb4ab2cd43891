using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Tests.Rules;

public sealed class MovementRulesTests
{
    private readonly SchoolBuilder school = new();

    [Fact]
    public void ORG_10_a_student_moves_to_another_class_and_their_parents_follow()
    {
        var from = school.Class("5А");
        var to = school.Class("5Б");
        school.Join("s1", from, JoinRole.Student);
        school.Join("p1", from, JoinRole.Parent, studentId: "s1");

        var movement = school.State.MoveStudent(SchoolBuilder.Admin, "s1", to, school.Now);

        Assert.Equal((MovementKind.StudentMoved, from, to), (movement.Kind, movement.FromClassId, movement.ToClassId));
        Assert.Equal(["p1"], movement.ParentIds);
        Assert.Equal([new ClassPlacement(to, JoinRole.Student)], school.State.Members["s1"].Classes);
        Assert.Equal([new ClassPlacement(to, JoinRole.Parent)], school.State.Members["p1"].Classes);
    }

    [Fact]
    public void ORG_10_moves_are_for_administrators_into_open_grade_classes()
    {
        var from = school.Class("5А");
        var group = school.Class("Шахматы", ClassKind.Additional);
        school.Join("s1", from, JoinRole.Student);
        var teacher = school.VerifiedTeacher("t1");

        Assert.Equal(ErrorKind.PermissionDenied, Assert.Throws<DomainException>(() => school.State.MoveStudent(teacher, "s1", school.Class("5В"), school.Now)).Kind);
        Assert.Equal("NOT_A_GRADE_CLASS", Assert.Throws<DomainException>(() => school.State.MoveStudent(SchoolBuilder.Admin, "s1", group, school.Now)).Code);
        Assert.Equal("ALREADY_IN_CLASS", Assert.Throws<DomainException>(() => school.State.MoveStudent(SchoolBuilder.Admin, "s1", from, school.Now)).Code);
        Assert.Equal("NOT_STUDENT", Assert.Throws<DomainException>(() => school.State.MoveStudent(SchoolBuilder.Admin, teacher, from, school.Now)).Code);
        Assert.Equal([new ClassPlacement(from, JoinRole.Student)], school.State.Members["s1"].Classes);
    }

    [Fact]
    public void ORG_10_ETH_9_a_student_who_left_takes_along_parents_with_no_other_child_here()
    {
        var a = school.Class("5А");
        var b = school.Class("8Б");
        school.Join("s1", a, JoinRole.Student);
        school.Join("s2", b, JoinRole.Student);
        school.Join("only", a, JoinRole.Parent, studentId: "s1");
        school.Join("both", a, JoinRole.Parent, studentId: "s1");
        school.Join("both", b, JoinRole.Parent, studentId: "s2");

        var movements = school.State.RecordStudentLeft(SchoolBuilder.Admin, "s1", school.Now);

        Assert.Equal(MovementKind.StudentLeft, movements[0].Kind);
        Assert.Equal(new[] { "both", "only" }, movements[0].ParentIds.Order());
        Assert.Single(movements, m => m.Kind == MovementKind.ParentLeft && m.UserId == "only");
        Assert.False(school.State.Members.ContainsKey("s1"));
        Assert.False(school.State.Members.ContainsKey("only"));
        Assert.Equal(["s2"], school.State.Members["both"].ChildIds);
        Assert.Equal([new ClassPlacement(b, JoinRole.Parent)], school.State.Members["both"].Classes);
    }

    [Fact]
    public void ETH_9_a_parent_who_is_also_a_teacher_stays_as_a_teacher_when_their_child_leaves()
    {
        var a = school.Class("5А");
        school.Join("s1", a, JoinRole.Student);
        var teacher = school.VerifiedTeacher("t1");
        school.Join(teacher, a, JoinRole.Parent, studentId: "s1");

        var movements = school.State.RecordStudentLeft(SchoolBuilder.Admin, "s1", school.Now);

        Assert.Single(movements);
        Assert.Equal(SchoolRoles.Teacher, school.State.Members[teacher].Roles);
    }

    [Fact]
    public void ORG_10_ETH_9_an_employee_who_left_loses_every_staff_role_and_class_at_once()
    {
        var a = school.Class("5А");
        var teacher = school.VerifiedTeacher("t1");
        school.State.AttachClassTeacher(SchoolBuilder.Admin, a, teacher);
        school.State.AppointAdministrator(SchoolBuilder.Admin, teacher);

        var movement = school.State.RecordEmployeeLeft(SchoolBuilder.Admin, teacher, school.Now);

        Assert.Equal(MovementKind.EmployeeLeft, movement.Kind);
        Assert.False(school.State.Members.ContainsKey(teacher));
        Assert.Empty(school.State.RequireClass(a).ClassTeacherIds);
        Assert.Equal([SchoolBuilder.Admin], school.State.AdministratorIds);
    }

    [Fact]
    public void ORG_10_an_employee_who_is_also_a_parent_stays_as_that_parent()
    {
        var a = school.Class("5А");
        school.Join("s1", a, JoinRole.Student);
        var teacher = school.VerifiedTeacher("t1");
        school.Join(teacher, a, JoinRole.Parent, studentId: "s1");

        school.State.RecordEmployeeLeft(SchoolBuilder.Admin, teacher, school.Now);

        var left = school.State.Members[teacher];
        Assert.Equal(SchoolRoles.Parent, left.Roles);
        Assert.False(left.VerifiedTeacher);
        Assert.Equal([new ClassPlacement(a, JoinRole.Parent)], left.Classes);
    }

    [Fact]
    public void ORG_6_ORG_10_the_last_administrator_cannot_be_recorded_as_leaving()
    {
        var e = Assert.Throws<DomainException>(() => school.State.RecordEmployeeLeft(SchoolBuilder.Admin, SchoolBuilder.Admin, school.Now));

        Assert.Equal(("LAST_ADMINISTRATOR", "ORG-6"), (e.Code, e.RuleId));
        Assert.True(school.State.Members.ContainsKey(SchoolBuilder.Admin));
    }

    [Fact]
    public void ORG_10_a_leaver_takes_their_pending_requests_and_parent_links_along()
    {
        var a = school.Class("5А");
        school.Join("s1", a, JoinRole.Student);
        var parentLink = school.Invite(a, JoinRole.Parent, studentId: "s1");
        school.Follow("p1", school.Invite(a, JoinRole.Parent, studentId: "s1"));

        school.StudentLeft("s1");

        Assert.Empty(school.Requests);
        Assert.True(school.Invites[parentLink.InviteId].Revoked);
    }
}
