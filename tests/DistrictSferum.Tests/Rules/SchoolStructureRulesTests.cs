using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Schools;

namespace DistrictSferum.Tests.Rules;

public sealed class SchoolStructureRulesTests
{
    private readonly SchoolBuilder school = new();

    [Fact]
    public void ORG_3_a_registered_school_has_its_staff_room()
    {
        var staff = school.State.RequireClass(school.StaffRoom);

        Assert.Equal("Учительская", staff.Name);
        Assert.Equal(ClassKind.StaffRoom, staff.Kind);
        Assert.Equal([SchoolBuilder.Admin], school.State.AdministratorIds);
    }

    [Fact]
    public void ORG_3_the_staff_room_admits_teachers_only_and_cannot_be_renamed_archived_or_duplicated()
    {
        Assert.Equal("STAFF_ROOM_TEACHERS_ONLY", Assert.Throws<DomainException>(() => school.Invite(school.StaffRoom, JoinRole.Student)).Code);
        Assert.Equal("ORG-3", Assert.Throws<DomainException>(() => school.State.RenameClass(SchoolBuilder.Admin, school.StaffRoom, "Кабинет")).RuleId);
        Assert.Equal("ORG-3", Assert.Throws<DomainException>(() => school.State.ArchiveClass(SchoolBuilder.Admin, school.StaffRoom)).RuleId);
        Assert.Equal("ORG-3", Assert.Throws<DomainException>(() => school.Class("Ещё одна", ClassKind.StaffRoom)).RuleId);
    }

    [Theory]
    [InlineData("5а", "5А")]
    [InlineData("11-Б", "11Б")]
    [InlineData(" 1 в ", "1В")]
    [InlineData("10Ё", "10Ё")]
    public void ORG_4_grade_classes_are_named_by_the_nomenclature(string raw, string expected) =>
        Assert.Equal(expected, SchoolState.ClassName(raw, ClassKind.Grade).Name);

    [Theory]
    [InlineData("12А")]
    [InlineData("0А")]
    [InlineData("5AB")]
    [InlineData("5A")]
    [InlineData("Пятый")]
    public void ORG_4_names_outside_the_nomenclature_are_refused(string raw)
    {
        var e = Assert.Throws<DomainException>(() => SchoolState.ClassName(raw, ClassKind.Grade));
        Assert.Equal(("CLASS_NAME_INVALID", "ORG-4"), (e.Code, e.RuleId));
    }

    [Fact]
    public void ORG_4_additional_education_groups_are_named_freely()
    {
        var id = school.Class("Робототехника", ClassKind.Additional);

        Assert.Equal("Робототехника", school.State.RequireClass(id).Name);
    }

    [Fact]
    public void ORG_4_a_class_name_is_unique_per_academic_year()
    {
        school.Class("5А");
        var classes = school.State.Classes.Count;

        var e = Assert.Throws<DomainException>(() => school.Class("5а"));
        var nextYear = school.State.CreateClass(SchoolBuilder.Admin, "next", "5А", ClassKind.Grade, 2027, school.Now);

        Assert.Equal(ErrorKind.AlreadyExists, e.Kind);
        Assert.Equal(classes + 1, school.State.Classes.Count);
        Assert.Equal(2027, nextYear.AcademicYear);
    }

    [Fact]
    public void ORG_4_only_an_administrator_builds_the_structure()
    {
        var teacher = school.VerifiedTeacher("t1");

        var e = Assert.Throws<DomainException>(() => school.State.CreateClass(teacher, "x", "6А", ClassKind.Grade, null, school.Now));

        Assert.Equal((ErrorKind.PermissionDenied, "ORG-4"), (e.Kind, e.RuleId));
    }

    [Fact]
    public void ORG_4_a_class_with_students_is_not_archived_an_empty_one_is_and_its_links_die()
    {
        var full = school.Class("5А");
        school.Join("s1", full, JoinRole.Student);
        var empty = school.Class("5Б");
        var link = school.Invite(empty, JoinRole.Student);

        Assert.Equal("CLASS_NOT_EMPTY", Assert.Throws<DomainException>(() => school.State.ArchiveClass(SchoolBuilder.Admin, full)).Code);
        school.Archive(empty);

        Assert.True(school.State.RequireClass(empty).Archived);
        Assert.True(school.Invites[link.InviteId].Revoked);
    }

    [Fact]
    public void ORG_7_an_administrator_attaches_a_verified_teacher_as_class_teacher()
    {
        var c = school.Class("7В");
        var teacher = school.VerifiedTeacher("t1");

        var attached = school.State.AttachClassTeacher(SchoolBuilder.Admin, c, teacher);

        Assert.Equal([teacher], attached.ClassTeacherIds);
        Assert.Contains(new ClassPlacement(c, JoinRole.Teacher), school.State.Members[teacher].Classes);
        school.State.DetachClassTeacher(SchoolBuilder.Admin, c, teacher);
        Assert.Empty(school.State.RequireClass(c).ClassTeacherIds);
    }

    [Fact]
    public void ORG_7_refuses_unverified_teachers_students_and_non_administrators()
    {
        var c = school.Class("7В");
        school.Join("t-unverified", school.StaffRoom, JoinRole.Teacher);
        school.Join("s1", c, JoinRole.Student);
        var teacher = school.VerifiedTeacher("t1");

        Assert.Equal("ORG-9", Assert.Throws<DomainException>(() => school.State.AttachClassTeacher(SchoolBuilder.Admin, c, "t-unverified")).RuleId);
        Assert.Equal("NOT_TEACHER", Assert.Throws<DomainException>(() => school.State.AttachClassTeacher(SchoolBuilder.Admin, c, "s1")).Code);
        Assert.Equal(ErrorKind.PermissionDenied, Assert.Throws<DomainException>(() => school.State.AttachClassTeacher(teacher, c, teacher)).Kind);
        Assert.Empty(school.State.RequireClass(c).ClassTeacherIds);
    }
}
