using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Tests.Rules;

/// <summary>Issue 14: the new school year, as a plan and as its one application.</summary>
public sealed class YearRolloverRulesTests
{
    private readonly SchoolBuilder school = new();

    /// <summary>The next summer: the academic year that starts is 2027/28, the classes built in 2026 move up.</summary>
    private static readonly DateTimeOffset NextSummer = new(2027, 8, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ORG_10_classes_move_up_with_their_people_and_the_final_grade_graduates_with_parents_who_have_no_other_child_here()
    {
        var fifth = school.Class("5А");
        var eleventh = school.Class("11Б");
        var teacher = school.VerifiedTeacher("t1");
        school.State.AttachClassTeacher(SchoolBuilder.Admin, fifth, teacher);
        school.Join("younger", fifth, JoinRole.Student);
        school.Join("graduate", eleventh, JoinRole.Student);
        school.Join("lonely", eleventh, JoinRole.Student);
        school.Join("both", eleventh, JoinRole.Parent, studentId: "graduate");
        school.Join("both", fifth, JoinRole.Parent, studentId: "younger");
        school.Join("onlyparent", eleventh, JoinRole.Parent, studentId: "lonely");
        school.Now = NextSummer;

        var plan = school.State.PlanRollover(SchoolBuilder.Admin, null, school.Now);
        var (applied, movements) = school.State.ApplyRollover(SchoolBuilder.Admin, null, school.Now);

        Assert.Equal((2026, 2027, 11), (plan.FromYear, plan.ToYear, plan.FinalGrade));
        Assert.Equal([("5А", "6А"), ("11Б", null)], plan.Classes.Select(c => (c.FromName, c.ToName)).ToList());
        Assert.Equal(["graduate", "lonely"], plan.GraduateIds);
        Assert.Equal(["onlyparent"], plan.ParentIdsLeaving);
        Assert.Equivalent(plan with { Applied = true }, applied, strict: true);
        var moved = school.State.RequireClass(fifth);
        Assert.Equal(("6А", 6, 2027, false), (moved.Name, moved.Grade, moved.AcademicYear, moved.Archived));
        Assert.Equal([teacher], moved.ClassTeacherIds);
        Assert.True(school.State.RequireClass(eleventh).Archived);
        Assert.Contains(new ClassPlacement(fifth, JoinRole.Student), school.State.Members["younger"].Classes);
        Assert.Equal([new ClassPlacement(fifth, JoinRole.Parent)], school.State.Members["both"].Classes);
        Assert.False(school.State.Members.ContainsKey("graduate"));
        Assert.False(school.State.Members.ContainsKey("onlyparent"));
        Assert.Equal([MovementKind.StudentLeft, MovementKind.StudentLeft, MovementKind.ParentLeft], movements.Select(m => m.Kind).Order().ToList());
    }

    [Fact]
    public void ORG_10_a_rollover_is_applied_once_and_a_basic_school_graduates_after_grade_9()
    {
        var ninth = school.Class("9В");
        school.Join("s1", ninth, JoinRole.Student);
        school.Now = NextSummer;

        var plan = school.State.PlanRollover(SchoolBuilder.Admin, 9, school.Now);
        school.State.ApplyRollover(SchoolBuilder.Admin, 9, school.Now);
        var again = Assert.Throws<DomainException>(() => school.State.ApplyRollover(SchoolBuilder.Admin, 9, school.Now));

        Assert.Null(plan.Classes.Single().ToName);
        Assert.Equal((ErrorKind.FailedPrecondition, "ROLLOVER_DONE"), (again.Kind, again.Code));
        Assert.True(school.State.PlanRollover(SchoolBuilder.Admin, 9, school.Now).Applied);
        Assert.Equal("FINAL_GRADE_INVALID", Assert.Throws<DomainException>(() => school.State.PlanRollover(SchoolBuilder.Admin, 10, school.Now)).Code);
    }

    [Fact]
    public void ORG_4_a_target_name_already_taken_in_the_new_year_is_a_conflict_and_nothing_changes()
    {
        var fifth = school.Class("5А");
        school.Join("s1", fifth, JoinRole.Student);
        school.State.CreateClass(SchoolBuilder.Admin, "early", "6А", ClassKind.Grade, 2027, school.Now);
        school.Now = NextSummer;

        var plan = school.State.PlanRollover(SchoolBuilder.Admin, null, school.Now);
        var refused = Assert.Throws<DomainException>(() => school.State.ApplyRollover(SchoolBuilder.Admin, null, school.Now));

        Assert.Single(plan.Conflicts);
        Assert.Equal(("ROLLOVER_CONFLICT", "ORG-4"), (refused.Code, refused.RuleId));
        Assert.Equal("5А", school.State.RequireClass(fifth).Name);
        Assert.Equal(0, school.State.LastRolloverYear);
    }

    [Fact]
    public void ORG_10_only_administrators_roll_the_year_over()
    {
        var teacher = school.VerifiedTeacher("t1");

        Assert.Equal(ErrorKind.PermissionDenied, Assert.Throws<DomainException>(() => school.State.PlanRollover(teacher, null, school.Now)).Kind);
    }
}
