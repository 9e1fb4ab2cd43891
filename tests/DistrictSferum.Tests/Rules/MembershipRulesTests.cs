using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Tests.Rules;

public sealed class MembershipRulesTests
{
    private readonly SchoolBuilder school = new();

    [Fact]
    public void ORG_5_an_administrator_invites_to_a_class_in_each_role()
    {
        var c = school.Class("5А");
        school.Join("s1", c, JoinRole.Student);

        foreach (var role in new[] { JoinRole.Teacher, JoinRole.Student })
            Assert.Equal(role, school.Invites[school.Invite(c, role).InviteId].Role);
        Assert.Equal("s1", school.Invites[school.Invite(c, JoinRole.Parent, studentId: "s1").InviteId].StudentId);
    }

    [Fact]
    public void ORG_5_a_class_teacher_invites_to_their_class_only()
    {
        var mine = school.Class("5А");
        var other = school.Class("5Б");
        var teacher = school.VerifiedTeacher("t1");
        school.State.AttachClassTeacher(SchoolBuilder.Admin, mine, teacher);

        school.Invite(mine, JoinRole.Teacher, by: teacher);
        var e = Assert.Throws<DomainException>(() => school.Invite(other, JoinRole.Teacher, by: teacher));

        Assert.Equal((ErrorKind.PermissionDenied, "ORG-5"), (e.Kind, e.RuleId));
    }

    [Fact]
    public void REG_2_any_verified_teacher_creates_a_student_registration_link_but_nothing_else()
    {
        var c = school.Class("6А");
        var teacher = school.VerifiedTeacher("t1");

        var link = school.Invite(c, JoinRole.Student, by: teacher);
        var parent = Assert.Throws<DomainException>(() => school.Invite(c, JoinRole.Teacher, by: teacher));
        var auto = Assert.Throws<DomainException>(() => school.Invite(c, JoinRole.Student, by: teacher, autoAccept: true));

        Assert.Equal(JoinRole.Student, school.Invites[link.InviteId].Role);
        Assert.Equal(ErrorKind.PermissionDenied, parent.Kind);
        Assert.Equal("ORG-8", auto.RuleId);
    }

    [Fact]
    public void ORG_9_an_unverified_teacher_cannot_act_as_a_teacher()
    {
        var c = school.Class("6А");
        school.Join("t1", school.StaffRoom, JoinRole.Teacher);
        var invites = school.Invites.Count;

        var e = Assert.Throws<DomainException>(() => school.Invite(c, JoinRole.Student, by: "t1"));

        Assert.Equal(("TEACHER_NOT_VERIFIED", "ORG-9"), (e.Code, e.RuleId));
        Assert.Equal(invites, school.Invites.Count);
    }

    [Fact]
    public void ORG_9_REG_1_a_teacher_joins_unverified_and_an_administrator_verifies_them()
    {
        school.Join("t1", school.StaffRoom, JoinRole.Teacher);
        Assert.False(school.State.Members["t1"].VerifiedTeacher);

        school.State.VerifyTeacher(SchoolBuilder.Admin, "t1");

        Assert.True(school.State.Members["t1"].VerifiedTeacher);
        Assert.Contains(new ClassPlacement(school.StaffRoom, JoinRole.Teacher), school.State.Members["t1"].Classes);
    }

    [Fact]
    public void ORG_9_only_administrators_verify_and_only_teachers_are_verified()
    {
        var c = school.Class("6А");
        school.Join("s1", c, JoinRole.Student);
        var teacher = school.VerifiedTeacher("t1");
        school.Join("t2", school.StaffRoom, JoinRole.Teacher);

        Assert.Equal(ErrorKind.PermissionDenied, Assert.Throws<DomainException>(() => school.State.VerifyTeacher(teacher, "t2")).Kind);
        Assert.Equal("NOT_TEACHER", Assert.Throws<DomainException>(() => school.State.VerifyTeacher(SchoolBuilder.Admin, "s1")).Code);
        Assert.False(school.State.Members["t2"].VerifiedTeacher);
    }

    [Fact]
    public void ORG_5_ORG_11_a_revoked_link_is_refused_with_the_rule_named()
    {
        var c = school.Class("5А");
        var link = school.Invite(c, JoinRole.Student);
        school.Revoke(SchoolBuilder.Admin, link.InviteId);

        var e = Assert.Throws<DomainException>(() => school.Follow("s1", link));

        Assert.Equal((ErrorKind.FailedPrecondition, "INVITE_REVOKED", "ORG-11"), (e.Kind, e.Code, e.RuleId));
        Assert.Equal(0, school.Invites[link.InviteId].Uses);
        Assert.Empty(school.Requests);
    }

    [Fact]
    public void ORG_5_an_expired_link_is_refused()
    {
        var c = school.Class("5А");
        var link = school.Invite(c, JoinRole.Student, lifetime: TimeSpan.FromHours(1));
        school.Now += TimeSpan.FromHours(1);

        var e = Assert.Throws<DomainException>(() => school.Follow("s1", link));

        Assert.Equal(("INVITE_EXPIRED", "ORG-5"), (e.Code, e.RuleId));
        Assert.Empty(school.Requests);
    }

    [Fact]
    public void ORG_5_a_used_up_link_is_refused()
    {
        var c = school.Class("5А");
        var link = school.Invite(c, JoinRole.Student, maxUses: 1);
        school.Follow("s1", link);

        var e = Assert.Throws<DomainException>(() => school.Follow("s2", link));

        Assert.Equal(("INVITE_USED_UP", "ORG-5"), (e.Code, e.RuleId));
        Assert.Equal(1, school.Invites[link.InviteId].Uses);
        Assert.Equal(["s1"], school.Invites[link.InviteId].UsedBy);
    }

    [Fact]
    public void ORG_5_a_link_with_a_wrong_token_is_not_found()
    {
        var c = school.Class("5А");
        var link = school.Invite(c, JoinRole.Student);

        var e = Assert.Throws<DomainException>(() => school.Follow("s1", (link.InviteId, new string('0', 64))));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void ORG_5_link_limits_are_bounded(int maxUses) =>
        Assert.Equal("INVITE_USES_INVALID", Assert.Throws<DomainException>(() => school.Invite(school.Class("5А"), JoinRole.Student, maxUses: maxUses)).Code);

    [Fact]
    public void ORG_5_a_link_lives_at_most_a_month() =>
        Assert.Equal("INVITE_LIFETIME_INVALID",
            Assert.Throws<DomainException>(() => school.Invite(school.Class("5А"), JoinRole.Student, lifetime: TimeSpan.FromDays(31))).Code);

    [Fact]
    public void ORG_11_annulling_revokes_exactly_the_links_never_used()
    {
        var c = school.Class("5А");
        var used = school.Invite(c, JoinRole.Student);
        school.Follow("s1", used);
        var old = school.Invite(c, JoinRole.Student);
        school.Now += TimeSpan.FromDays(3);
        var fresh = school.Invite(c, JoinRole.Student);

        Assert.Equal(1, school.Annul(SchoolBuilder.Admin, TimeSpan.FromDays(2)));
        Assert.True(school.Invites[old.InviteId].Revoked);
        Assert.False(school.Invites[fresh.InviteId].Revoked);
        Assert.Equal(1, school.Annul(SchoolBuilder.Admin, null));
        Assert.False(school.Invites[used.InviteId].Revoked);
        Assert.True(school.Invites[fresh.InviteId].Revoked);
    }

    [Fact]
    public void ORG_11_only_administrators_annul()
    {
        var teacher = school.VerifiedTeacher("t1");

        Assert.Equal("ORG-11", Assert.Throws<DomainException>(() => school.Annul(teacher, null)).RuleId);
    }

    [Fact]
    public void ORG_8_following_a_link_asks_to_join_and_an_administrator_decides()
    {
        var c = school.Class("5А");
        var request = school.Follow("s1", school.Invite(c, JoinRole.Student));
        Assert.False(school.State.Members.ContainsKey("s1"));

        school.Decide(SchoolBuilder.Admin, request.RequestId, true);

        Assert.Equal(SchoolRoles.Student, school.State.Members["s1"].Roles);
        Assert.Contains(new ClassPlacement(c, JoinRole.Student), school.State.Members["s1"].Classes);
        Assert.Empty(school.Requests);
    }

    [Fact]
    public void ORG_8_a_rejected_request_admits_nobody_and_only_administrators_decide()
    {
        var c = school.Class("5А");
        var teacher = school.VerifiedTeacher("t1");
        var request = school.Follow("s1", school.Invite(c, JoinRole.Student));

        Assert.Equal("ORG-8", Assert.Throws<DomainException>(() => school.Decide(teacher, request.RequestId, true)).RuleId);
        var status = school.Decide(SchoolBuilder.Admin, request.RequestId, false);

        Assert.Equal(JoinRequestStatus.Rejected, status);
        Assert.False(school.State.Members.ContainsKey("s1"));
    }

    [Fact]
    public void ORG_8_an_auto_accept_link_admits_at_once_and_following_twice_is_one_request()
    {
        var c = school.Class("5А");
        var auto = school.Invite(c, JoinRole.Student, autoAccept: true);
        var reviewed = school.Invite(c, JoinRole.Teacher);

        var accepted = school.Follow("s1", auto).Accepted;
        var first = school.Follow("t9", reviewed);
        var again = school.Follow("t9", reviewed);

        Assert.True(accepted);
        Assert.True(school.State.Members.ContainsKey("s1"));
        Assert.Equal(first.RequestId, again.RequestId);
        Assert.Equal(1, school.Invites[reviewed.InviteId].Uses);
        Assert.Equal("ALREADY_MEMBER", Assert.Throws<DomainException>(() => school.Follow("s1", school.Invite(c, JoinRole.Student))).Code);
    }

    [Fact]
    public void ORG_5_ORG_8_teacher_and_parent_links_default_to_single_use_and_a_link_for_several_teachers_needs_review()
    {
        var c = school.Class("5А");
        school.Join("s1", c, JoinRole.Student);
        var teacher = school.Invite(c, JoinRole.Teacher);
        var parent = school.Invite(c, JoinRole.Parent, studentId: "s1");
        var student = school.Invite(c, JoinRole.Student);

        Assert.Equal(1, school.Invites[teacher.InviteId].MaxUses);
        Assert.Equal(1, school.Invites[parent.InviteId].MaxUses);
        Assert.Null(school.Invites[student.InviteId].MaxUses);
        school.Follow("t1", teacher);
        Assert.Equal("INVITE_USED_UP", Assert.Throws<DomainException>(() => school.Follow("t2", teacher)).Code);

        var several = Assert.Throws<DomainException>(() => school.Invite(c, JoinRole.Teacher, maxUses: 5, autoAccept: true));
        Assert.Equal(("AUTO_ACCEPT_SINGLE_USE_ONLY", "ORG-8", "auto_accept"), (several.Code, several.RuleId, several.FieldViolations[0].Field));
        Assert.Equal(1, school.Invites[school.Invite(c, JoinRole.Teacher, autoAccept: true).InviteId].MaxUses);
        Assert.Equal(5, school.Invites[school.Invite(c, JoinRole.Teacher, maxUses: 5).InviteId].MaxUses);
    }

    [Fact]
    public void REG_3_an_account_signed_in_through_a_parents_email_joins_only_a_primary_class_as_a_pupil()
    {
        var primary = school.Class("2А");
        var senior = school.Class("8А");

        school.Join("child", primary, JoinRole.Student, dependent: true);
        var tooOld = Assert.Throws<DomainException>(() => school.Follow("child2", school.Invite(senior, JoinRole.Student), dependent: true));
        var asTeacher = Assert.Throws<DomainException>(() => school.Follow("child3", school.Invite(primary, JoinRole.Teacher), dependent: true));

        Assert.True(school.State.Members["child"].Has(SchoolRoles.Student));
        Assert.Equal(("PRIMARY_PUPILS_ONLY", "REG-3"), (tooOld.Code, tooOld.RuleId));
        Assert.Equal("REG-3", asTeacher.RuleId);
    }

    [Fact]
    public void REG_4_a_parent_joins_through_a_link_bound_to_their_child_and_follows_the_child()
    {
        var a = school.Class("3А");
        var b = school.Class("7Б");
        school.Join("kid1", a, JoinRole.Student);
        school.Join("kid2", b, JoinRole.Student);

        school.Join("mum", a, JoinRole.Parent, studentId: "kid1");
        school.Join("mum", b, JoinRole.Parent, studentId: "kid2");

        var mum = school.State.Members["mum"];
        Assert.Equal(["kid1", "kid2"], mum.ChildIds);
        Assert.Equal(new[] { a, b }.Order(), mum.ClassesAs(JoinRole.Parent).Order());
    }

    [Fact]
    public void REG_4_a_parents_link_must_name_a_student_of_that_class()
    {
        var a = school.Class("3А");
        var b = school.Class("3Б");
        school.Join("kid", b, JoinRole.Student);

        Assert.Equal("REG-4", Assert.Throws<DomainException>(() => school.Invite(a, JoinRole.Parent)).RuleId);
        Assert.Equal("REG-4", Assert.Throws<DomainException>(() => school.Invite(a, JoinRole.Parent, studentId: "kid")).RuleId);
        Assert.Equal("REG-4", Assert.Throws<DomainException>(() => school.Invite(a, JoinRole.Student, studentId: "kid")).RuleId);
    }

    [Fact]
    public void ORG_6_administrators_are_appointed_from_joined_teachers_only()
    {
        var c = school.Class("5А");
        school.Join("s1", c, JoinRole.Student);
        school.Join("t1", school.StaffRoom, JoinRole.Teacher);

        school.State.AppointAdministrator(SchoolBuilder.Admin, "t1");
        var student = Assert.Throws<DomainException>(() => school.State.AppointAdministrator(SchoolBuilder.Admin, "s1"));
        var stranger = Assert.Throws<DomainException>(() => school.State.AppointAdministrator(SchoolBuilder.Admin, "nobody"));
        var byTeacher = Assert.Throws<DomainException>(() => school.State.AppointAdministrator("s1", "t1"));

        Assert.Contains("t1", school.State.AdministratorIds);
        Assert.Equal(("NOT_TEACHER", "ORG-6"), (student.Code, student.RuleId));
        Assert.Equal(ErrorKind.NotFound, stranger.Kind);
        Assert.Equal(ErrorKind.PermissionDenied, byTeacher.Kind);
    }

    [Fact]
    public void ORG_6_the_last_administrator_cannot_be_removed_but_may_step_down_once_another_exists()
    {
        var e = Assert.Throws<DomainException>(() => school.State.RemoveAdministrator(SchoolBuilder.Admin, SchoolBuilder.Admin));
        Assert.Equal(("LAST_ADMINISTRATOR", "ORG-6"), (e.Code, e.RuleId));

        school.Join("t1", school.StaffRoom, JoinRole.Teacher);
        school.State.AppointAdministrator(SchoolBuilder.Admin, "t1");
        school.State.RemoveAdministrator(SchoolBuilder.Admin, SchoolBuilder.Admin);

        Assert.Equal(["t1"], school.State.AdministratorIds);
        Assert.Equal("LAST_ADMINISTRATOR", Assert.Throws<DomainException>(() => school.State.RemoveAdministrator("t1", "t1")).Code);
    }

    [Fact]
    public void ORG_15_the_director_and_deputies_are_teachers_and_there_is_one_director()
    {
        school.Join("t1", school.StaffRoom, JoinRole.Teacher);
        school.Join("t2", school.StaffRoom, JoinRole.Teacher);
        var c = school.Class("5А");
        school.Join("s1", c, JoinRole.Student);
        school.Join("t3", school.StaffRoom, JoinRole.Teacher);
        var unverified = Assert.Throws<DomainException>(() => school.State.SetManagementRole(SchoolBuilder.Admin, "t3", SchoolRoles.Director, true));
        Assert.Equal("TEACHER_NOT_VERIFIED", unverified.Code);
        school.State.VerifyTeacher(SchoolBuilder.Admin, "t1");
        school.State.VerifyTeacher(SchoolBuilder.Admin, "t2");

        school.State.SetManagementRole(SchoolBuilder.Admin, "t1", SchoolRoles.Director, true);
        school.State.SetManagementRole(SchoolBuilder.Admin, "t2", SchoolRoles.Deputy, true);
        var second = Assert.Throws<DomainException>(() => school.State.SetManagementRole(SchoolBuilder.Admin, "t2", SchoolRoles.Director, true));
        var student = Assert.Throws<DomainException>(() => school.State.SetManagementRole(SchoolBuilder.Admin, "s1", SchoolRoles.Deputy, true));

        Assert.True(school.State.Members["t1"].Has(SchoolRoles.Director | SchoolRoles.Teacher));
        Assert.True(school.State.Members["t2"].Has(SchoolRoles.Deputy));
        Assert.Equal(("DIRECTOR_EXISTS", "ORG-15"), (second.Code, second.RuleId));
        Assert.Equal("ORG-15", student.RuleId);
    }

    [Fact]
    public void DIS_1_a_non_member_learns_nothing()
    {
        var c = school.Class("5А");

        foreach (var call in new Action[]
                 {
                     () => school.State.MemberList("stranger", null, SchoolRoles.None),
                     () => school.State.MayRevokeInvites("stranger"),
                     () => school.State.CreateClass("stranger", "x", "9А", ClassKind.Grade, null, school.Now),
                     () => school.State.VisibleMember("stranger", SchoolBuilder.Admin),
                     () => school.State.RequireAnnul("stranger", null),
                     () => school.State.MoveStudent("stranger", "s", c, school.Now),
                 })
        {
            var e = Assert.Throws<DomainException>(call);
            Assert.Equal((ErrorKind.NotFound, "SCHOOL_NOT_FOUND", "DIS-1"), (e.Kind, e.Code, e.RuleId));
        }
    }

    [Fact]
    public void CHAT_5_students_and_parents_see_their_classes_and_families_staff_see_everyone()
    {
        var a = school.Class("5А");
        var b = school.Class("5Б");
        school.Join("s1", a, JoinRole.Student);
        school.Join("s2", a, JoinRole.Student);
        school.Join("s3", b, JoinRole.Student);
        school.Join("p3", b, JoinRole.Parent, studentId: "s3");
        var teacher = school.VerifiedTeacher("t1");

        var seenByS1 = school.State.MemberList("s1", null, SchoolRoles.None).Select(m => m.UserId).ToList();
        var seenByTeacher = school.State.MemberList(teacher, null, SchoolRoles.None).Select(m => m.UserId).ToList();

        Assert.Contains("s2", seenByS1);
        Assert.DoesNotContain("s3", seenByS1);
        Assert.DoesNotContain("p3", seenByS1);
        Assert.Contains("t1", seenByS1);
        Assert.Contains("s3", seenByTeacher);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<DomainException>(() => school.State.VisibleMember("s1", "s3")).Kind);
        Assert.Equal("s3", school.State.VisibleMember("p3", "s3").UserId);
    }
}
