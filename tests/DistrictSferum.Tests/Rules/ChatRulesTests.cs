using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Chats;

namespace DistrictSferum.Tests.Rules;

public sealed class ChatRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private const string Class = "c5a";

    private static MemberView Member(string id, SchoolRoles roles, bool verified = false, params ClassPlacement[] classes) =>
        new(id, "Имя " + id, roles, verified, classes, [], Now, null, null);

    private static readonly MemberView Teacher = Member("t", SchoolRoles.Teacher, true, new ClassPlacement(Class, JoinRole.Teacher));
    private static readonly MemberView Student = Member("s", SchoolRoles.Student, false, new ClassPlacement(Class, JoinRole.Student));
    private static readonly MemberView Parent = Member("p", SchoolRoles.Parent, false, new ClassPlacement(Class, JoinRole.Parent));
    private static readonly MemberView OtherParent = Member("p2", SchoolRoles.Parent, false, new ClassPlacement("other", JoinRole.Parent));
    private static readonly ClassView ClassOf = new(Class, "5А", ClassKind.Grade, 2026, false, ["t"], 1);

    private static NewChat New(ChatKind kind) => new("school", kind, "Чат", kind is ChatKind.Admins or ChatKind.Other ? null : Class, "Алгебра", ["Вежливость."]);

    [Fact]
    public void CHAT_6_a_class_parents_chat_admits_the_parents_and_teachers_of_that_class_only()
    {
        Assert.True(ChatAudience.Admits(ChatKind.ClassParents, Class, Parent));
        Assert.True(ChatAudience.Admits(ChatKind.ClassParents, Class, Teacher));
        Assert.False(ChatAudience.Admits(ChatKind.ClassParents, Class, Student));
        Assert.False(ChatAudience.Admits(ChatKind.ClassParents, Class, OtherParent));
    }

    [Fact]
    public void CHAT_6_ORG_12_channels_and_management_chats_admit_by_school_role()
    {
        var admin = Member("a", SchoolRoles.Administrator);
        Assert.True(ChatAudience.Admits(ChatKind.SchoolChannel, null, Student));
        Assert.False(ChatAudience.Admits(ChatKind.StaffChannel, null, Student));
        Assert.True(ChatAudience.Admits(ChatKind.StaffChannel, null, Teacher));
        Assert.True(ChatAudience.Admits(ChatKind.Admins, null, admin));
        Assert.False(ChatAudience.Admits(ChatKind.Admins, null, Teacher));
        Assert.True(ChatAudience.MayPost(ChatKind.SchoolChannel, admin));
        Assert.False(ChatAudience.MayPost(ChatKind.SchoolChannel, Teacher));
        Assert.True(ChatAudience.MayPost(ChatKind.ClassStudents, Student));
    }

    [Fact]
    public void ORG_9_CHAT_6_the_staff_room_staff_channel_and_subject_chats_admit_only_verified_teachers_and_management()
    {
        var unverified = Member("u", SchoolRoles.Teacher, false, new ClassPlacement(Class, JoinRole.Teacher));
        var administrator = Member("a", SchoolRoles.Administrator | SchoolRoles.Teacher);
        foreach (var kind in new[] { ChatKind.StaffRoom, ChatKind.StaffChannel, ChatKind.Subject })
        {
            Assert.False(ChatAudience.Admits(kind, Class, unverified));
            Assert.True(ChatAudience.Admits(kind, Class, Teacher));
        }

        Assert.True(ChatAudience.Admits(ChatKind.StaffRoom, null, administrator));
        Assert.True(ChatAudience.Admits(ChatKind.StaffChannel, null, administrator));
        Assert.True(ChatAudience.Admits(ChatKind.Subject, Class, Student));
    }

    [Fact]
    public void ORG_9_CHAT_5_class_chats_admit_a_teacher_placed_in_the_class_only_once_verified()
    {
        var unverified = Member("u", SchoolRoles.Teacher, false, new ClassPlacement(Class, JoinRole.Teacher));
        var administrator = Member("a", SchoolRoles.Administrator | SchoolRoles.Teacher, false, new ClassPlacement(Class, JoinRole.Teacher));
        foreach (var kind in new[] { ChatKind.ClassStudents, ChatKind.ClassParents, ChatKind.ClassTeachers })
        {
            Assert.False(ChatAudience.Admits(kind, Class, unverified));
            Assert.True(ChatAudience.AdmitsOnceVerified(kind, Class, unverified));
            Assert.True(ChatAudience.Admits(kind, Class, Teacher));
            Assert.True(ChatAudience.Admits(kind, Class, administrator));
        }
    }

    [Fact]
    public void CHAT_1_only_the_class_teacher_creates_the_class_chats()
    {
        ChatAudience.EnsureMayCreate(New(ChatKind.ClassParents), Teacher, ClassOf);
        var otherTeacher = Member("t2", SchoolRoles.Teacher, true);

        var e = Assert.Throws<DomainException>(() => ChatAudience.EnsureMayCreate(New(ChatKind.ClassStudents), otherTeacher, ClassOf));

        Assert.Equal(("NOT_CLASS_TEACHER", "CHAT-1"), (e.Code, e.RuleId));
    }

    [Fact]
    public void CHAT_2_a_verified_subject_teacher_creates_a_subject_chat_naming_its_subject()
    {
        var subjectTeacher = Member("t2", SchoolRoles.Teacher, true);
        ChatAudience.EnsureMayCreate(New(ChatKind.Subject), subjectTeacher, ClassOf);

        var e = Assert.Throws<DomainException>(() => ChatAudience.EnsureMayCreate(New(ChatKind.Subject) with { Subject = " " }, subjectTeacher, ClassOf));

        Assert.Equal("CHAT-2", e.RuleId);
    }

    [Fact]
    public void ETH_1_students_and_parents_do_not_start_group_chats_and_unverified_teachers_cannot_either()
    {
        Assert.Equal("ETH-1", Assert.Throws<DomainException>(() => ChatAudience.EnsureMayCreate(New(ChatKind.Other), Student, null)).RuleId);
        Assert.Equal("ETH-1", Assert.Throws<DomainException>(() => ChatAudience.EnsureMayCreate(New(ChatKind.Other), Parent, null)).RuleId);
        var unverified = Member("t3", SchoolRoles.Teacher, false);
        Assert.Equal("ORG-9", Assert.Throws<DomainException>(() => ChatAudience.EnsureMayCreate(New(ChatKind.Other), unverified, null)).RuleId);
    }

    [Fact]
    public void ORG_15_management_chats_are_created_by_the_director_deputies_and_administrators()
    {
        ChatAudience.EnsureMayCreate(New(ChatKind.Admins), Member("d", SchoolRoles.Teacher | SchoolRoles.Director, true), null);

        var e = Assert.Throws<DomainException>(() => ChatAudience.EnsureMayCreate(New(ChatKind.ParentsCouncil), Teacher, null));

        Assert.Equal("ORG-15", e.RuleId);
        Assert.Equal("ORG-12", Assert.Throws<DomainException>(() => ChatAudience.EnsureMayCreate(New(ChatKind.SchoolChannel), Teacher, null)).RuleId);
    }

    private static ChatState Created()
    {
        var chat = new ChatState();
        chat.Create(New(ChatKind.ClassParents), "t", "Учитель", Now);
        return chat;
    }

    [Fact]
    public void ETH_3_an_invitation_adds_nobody_only_the_invitees_own_join_does()
    {
        var chat = Created();

        chat.Invite("t", "p", Parent, "chat", Now);
        Assert.False(chat.Members.ContainsKey("p"));
        chat.Join("p", "Родитель", Parent, null, 1, Now);

        Assert.True(chat.Members.ContainsKey("p"));
        Assert.Empty(chat.Invitations);
    }

    [Fact]
    public void ETH_3_CHAT_3_joining_needs_a_link_or_an_invitation()
    {
        var chat = Created();

        var e = Assert.Throws<DomainException>(() => chat.Join("p", "Родитель", Parent, null, 1, Now));

        Assert.Equal(("INVITATION_REQUIRED", "CHAT-3"), (e.Code, e.RuleId));
        Assert.False(chat.Members.ContainsKey("p"));
    }

    [Fact]
    public void ETH_4_joining_requires_accepting_the_rules_current_version_and_new_rules_must_be_accepted_again()
    {
        var chat = Created();
        chat.Invite("t", "p", Parent, "chat", Now);

        Assert.Equal("ETH-4", Assert.Throws<DomainException>(() => chat.Join("p", "Родитель", Parent, null, 0, Now)).RuleId);
        chat.Join("p", "Родитель", Parent, null, 1, Now);
        chat.SetRules("t", ["Вежливость.", "Без рекламы."], Now);

        Assert.Equal(2, chat.RuleSet.Version);
        Assert.Equal("RULES_NOT_ACCEPTED", Assert.Throws<DomainException>(() => chat.RequireParticipant("p")).Code);
        chat.AcceptRules("p", 2);
        chat.RequireParticipant("p");
        Assert.Equal("ETH-4", Assert.Throws<DomainException>(() => chat.SetRules("p", ["Моё правило"], Now)).RuleId);
    }

    [Fact]
    public void ETH_4_rules_have_numbered_clauses_and_at_least_one()
    {
        Assert.Equal("RULES_REQUIRED", Assert.Throws<DomainException>(() => ChatState.NormalizeClauses([], "rule_clauses")).Code);
        Assert.Equal(["Первое.", "Второе."], ChatState.NormalizeClauses([" Первое. ", "Второе."], "rule_clauses"));
    }

    [Fact]
    public void CHAT_6_a_chat_refuses_a_join_from_someone_it_does_not_admit()
    {
        var chat = Created();
        chat.Invitations["s"] = new ChatInvitation("chat", "school", "Чат", "t", Now);

        var e = Assert.Throws<DomainException>(() => chat.Join("s", "Ученик", Student, null, 1, Now));

        Assert.Equal(("NOT_IN_AUDIENCE", "CHAT-6"), (e.Code, e.RuleId));
    }

    [Fact]
    public void ETH_9_a_member_the_chat_no_longer_admits_is_removed_and_a_lone_moderator_is_succeeded()
    {
        var chat = Created();
        chat.Invite("t", "p", Parent, "chat", Now);
        chat.Join("p", "Родитель", Parent, null, 1, Now);

        Assert.False(chat.RemoveIfNotAdmitted("p", Parent, null, null, Now));
        Assert.True(chat.RemoveIfNotAdmitted("p", null, null, null, Now));
        Assert.True(chat.RemoveIfNotAdmitted("t", null, "admin", "Администратор", Now));

        Assert.Equal(["admin"], chat.ModeratorIds);
        Assert.Equal(["admin"], chat.Members.Keys);
    }

    [Fact]
    public void ETH_2_the_last_moderator_of_a_chat_with_members_cannot_just_leave()
    {
        var chat = Created();
        chat.Invite("t", "p", Parent, "chat", Now);
        chat.Join("p", "Родитель", Parent, null, 1, Now);

        Assert.Equal("LAST_MODERATOR", Assert.Throws<DomainException>(() => chat.Leave("t")).Code);
        chat.Leave("p");
        Assert.False(chat.Members.ContainsKey("p"));
    }

    [Fact]
    public void CHAT_7_the_rate_limiter_allows_a_burst_then_the_rate()
    {
        var limiter = new SendRateLimiter(new ChatOptions { SendBurst = 3, SendsPerSecond = 1 });
        for (var i = 0; i < 3; i++) limiter.Take("u", Now);

        Assert.Equal("CHAT-7", Assert.Throws<DomainException>(() => limiter.Take("u", Now)).RuleId);
        limiter.Take("other", Now);
        limiter.Take("u", Now.AddSeconds(1));
    }

    [Fact]
    public void CHAT_4_messages_are_bounded_text_with_a_client_key_and_mentions_of_members()
    {
        var options = new ChatOptions { MaxMessageLength = 10 };
        var ok = MessageRules.Normalize(new SendMessage("k1", "  привет\nмир ", null, ["m", "m"]), options, id => id == "m");

        Assert.Equal(("k1", "привет\nмир"), (ok.ClientKey, ok.Body));
        Assert.Equal(["m"], ok.Mentions);
        Assert.Equal("FIELD_TOO_LONG", Assert.Throws<DomainException>(() => MessageRules.Normalize(new SendMessage("k", new string('a', 11), null, []), options, _ => true)).Code);
        Assert.Equal("MENTION_INVALID", Assert.Throws<DomainException>(() => MessageRules.Normalize(new SendMessage("k", "hi", null, ["x"]), options, id => id == "m")).Code);
        Assert.Equal("CLIENT_KEY_INVALID", Assert.Throws<DomainException>(() => MessageRules.Normalize(new SendMessage("", "hi", null, []), options, _ => true)).Code);
        Assert.Equal("REPLY_INVALID", Assert.Throws<DomainException>(() => MessageRules.Normalize(new SendMessage("k", "hi", 0, []), options, _ => true)).Code);
    }

    [Theory]
    [InlineData("k", true)]
    [InlineData("m-1_Z9", true)]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123", true)]
    [InlineData("", false)]
    [InlineData("k\0x", false)]
    [InlineData(" k1 ", false)]
    [InlineData("a:b", false)]
    [InlineData("ключ", false)]
    [InlineData("k\u202Ex", false)]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234", false)]
    public void CHAT_4_a_client_key_is_1_to_64_characters_of_a_safe_alphabet(string key, bool valid)
    {
        Assert.Equal(valid, ClientKeys.IsValid(key));
        if (!valid)
            Assert.Equal("CLIENT_KEY_INVALID", Assert.Throws<DomainException>(() => MessageRules.Normalize(new SendMessage(key, "hi", null, []), new ChatOptions(), _ => true)).Code);
    }
}
