using DistrictSferum.Contracts.Communities;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Communities;

namespace DistrictSferum.Tests.Rules;

/// <summary>A community's rules (DIS-2, DIS-1's exception, ETH-9) without a cluster.</summary>
public sealed class CommunityRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private static TeacherStanding Teacher(string id, string school = "Школа №1") => new(id, "Учитель " + id, ["s-" + id], [school]);

    private static TeacherStanding Nobody(string id) => new(id, "Родитель " + id, [], []);

    private static CommunityState Created()
    {
        var state = new CommunityState();
        state.Create(CommunityState.Normalize(new NewCommunity(CommunityKind.SubjectAssociation, " МО физиков ", "", ["m"])), [Teacher("m")], Now);
        return state;
    }

    [Fact]
    public void DIS_2_a_community_needs_a_kind_a_title_and_moderators_who_are_verified_teachers()
    {
        Assert.Equal("МО физиков", CommunityState.Normalize(new NewCommunity(CommunityKind.Project, " МО физиков ", "", ["m", "m"])).Title);
        Assert.Single(CommunityState.Normalize(new NewCommunity(CommunityKind.Project, "x", "", ["m", "m"])).ModeratorIds);
        Assert.Equal(CommunityErrors.ModeratorsRequired, Assert.Throws<DomainException>(() => CommunityState.Normalize(new NewCommunity(CommunityKind.Project, "x", "", []))).Code);
        Assert.Equal(CommunityErrors.CommunityKindInvalid, Assert.Throws<DomainException>(() => CommunityState.Normalize(new NewCommunity((CommunityKind)9, "x", "", ["m"]))).Code);
        var state = new CommunityState();
        var refused = Assert.Throws<DomainException>(() => state.Create(new NewCommunity(CommunityKind.Project, "x", "", ["p"]), [Nobody("p")], Now));
        Assert.Equal((CommunityErrors.NotVerifiedTeacherOfDistrict, "DIS-2"), (refused.Code, refused.RuleId));
        Assert.False(state.Created);
    }

    [Fact]
    public void DIS_2_links_admit_verified_teachers_until_they_expire_and_requests_wait_for_a_moderator()
    {
        var state = Created();
        state.CreateLink("m", "l1", "hash", TimeSpan.FromDays(1), Now);
        Assert.Equal(CommunityErrors.NotCommunityModerator, Assert.Throws<DomainException>(() => state.CreateLink("t", "l2", "h2", null, Now)).Code);
        Assert.True(state.JoinByLink(Teacher("t", "Лицей"), "hash", Now.AddHours(1)));
        Assert.False(state.JoinByLink(Teacher("t", "Лицей"), "hash", Now.AddHours(2)));
        Assert.Equal(CommunityErrors.CommunityLinkInvalid, Assert.Throws<DomainException>(() => state.JoinByLink(Teacher("u"), "hash", Now.AddDays(2))).Code);
        Assert.Equal(CommunityErrors.NotVerifiedTeacherOfDistrict, Assert.Throws<DomainException>(() => state.JoinByLink(Nobody("p"), "hash", Now)).Code);

        state.RequestToJoin(Teacher("r"), Now);
        Assert.Equal(CommunityErrors.AlreadyCommunityMember, Assert.Throws<DomainException>(() => state.RequestToJoin(Teacher("t"), Now)).Code);
        Assert.Equal(CommunityErrors.NotCommunityModerator, Assert.Throws<DomainException>(() => state.Decide("t", "r", true, Teacher("r"), Now)).Code);
        // Verification withdrawn between the request and the decision: refused, the request stays.
        Assert.Throws<DomainException>(() => state.Decide("m", "r", true, Nobody("r"), Now));
        state.Decide("m", "r", true, Teacher("r"), Now);
        Assert.Equal(["m", "r", "t"], state.MemberViews().Select(m => m.UserId).Order());
        Assert.Equal(CommunityErrors.JoinRequestNotFound, Assert.Throws<DomainException>(() => state.Decide("m", "r", true, Teacher("r"), Now)).Code);
    }

    [Fact]
    public void DIS_1_members_see_each_others_name_badge_and_school_short_name_and_chats_see_a_verified_teacher_without_contacts()
    {
        var state = Created();
        state.RequestToJoin(Teacher("t", "Лицей №2"), Now);
        state.Decide("m", "t", true, Teacher("t", "Лицей №2"), Now);
        var seen = state.MemberViews().Single(m => m.UserId == "t");
        Assert.Equal(("Учитель t", true, "Лицей №2", false), (seen.DisplayName, seen.VerifiedTeacher, Assert.Single(seen.SchoolShortNames), seen.Moderator));
        var asChatMember = state.Membership("t");
        Assert.Equal((SchoolRoles.Teacher, true, null, null), (asChatMember.Roles, asChatMember.VerifiedTeacher, asChatMember.Phone, asChatMember.Email));
        Assert.Empty(asChatMember.Classes);
        Assert.Equal(SchoolRoles.Teacher | SchoolRoles.Administrator, state.Membership("m").Roles);
        Assert.Equal(CommunityErrors.CommunityNotFound, Assert.Throws<DomainException>(() => state.Membership("stranger")).Code);
    }

    [Fact]
    public void ETH_9_a_leaver_of_the_last_school_is_removed_and_the_last_moderator_hands_over_before_leaving()
    {
        var state = Created();
        state.RequestToJoin(Teacher("t"), Now);
        state.Decide("m", "t", true, Teacher("t"), Now);
        Assert.Equal(CommunityErrors.LastCommunityModerator, Assert.Throws<DomainException>(() => state.Leave("m")).Code);
        Assert.True(state.RemoveLeaver("t"));
        Assert.False(state.RemoveLeaver("t"));
        state.Leave("m");
        Assert.Empty(state.Members);
    }
}
