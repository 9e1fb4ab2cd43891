using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Chats;

namespace DistrictSferum.Tests.Rules;

public sealed class PersonalRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly PersonalSettings Off = new(false, false);
    private static readonly PersonalSettings On = new(true, true);

    private static MemberView Member(string id, SchoolRoles roles, bool verified = false) => new(id, "Имя " + id, roles, verified, [], [], Now, null, null);

    private static readonly MemberView Teacher = Member("t", SchoolRoles.Teacher, verified: true);
    private static readonly MemberView Unverified = Member("u", SchoolRoles.Teacher);
    private static readonly MemberView Admin = Member("a", SchoolRoles.Administrator);
    private static readonly MemberView Parent = Member("p", SchoolRoles.Parent);
    private static readonly MemberView Parent2 = Member("p2", SchoolRoles.Parent);
    private static readonly MemberView Student = Member("s", SchoolRoles.Student);
    private static readonly MemberView Student2 = Member("s2", SchoolRoles.Student);
    private static readonly MemberView Young = Member("y", SchoolRoles.Student);

    private static string? Refusal(MemberView from, MemberView to, PersonalSettings settings)
    {
        try
        {
            PersonalRules.EnsureMayStart(from, to, settings, m => m.UserId == "y");
            return null;
        }
        catch (DomainException e)
        {
            return e.Code;
        }
    }

    [Fact]
    public void CHAT_10_staff_write_to_anyone_parents_and_students_to_staff()
    {
        foreach (var other in new[] { Parent, Student, Young, Admin, Unverified }) Assert.Null(Refusal(Teacher, other, Off));
        foreach (var other in new[] { Parent, Student, Young, Teacher }) Assert.Null(Refusal(Admin, other, Off));
        Assert.Null(Refusal(Parent, Teacher, Off));
        Assert.Null(Refusal(Young, Admin, Off));
        Assert.Equal(ChatErrors.PersonalNotAllowed, Refusal(Student, Parent, On));
        Assert.Equal(ChatErrors.PersonalNotAllowed, Refusal(Parent, Unverified, Off));
        Assert.Equal(ChatErrors.PersonalNotAllowed, Refusal(Teacher, Teacher, Off));
    }

    [Fact]
    public void CHAT_10_parents_with_parents_and_students_with_students_only_where_enabled_never_grades_1_to_4()
    {
        Assert.Equal(ChatErrors.PersonalNotAllowed, Refusal(Parent, Parent2, Off));
        Assert.Equal(ChatErrors.PersonalNotAllowed, Refusal(Student, Student2, Off));
        Assert.Null(Refusal(Parent, Parent2, new PersonalSettings(true, false)));
        Assert.Equal(ChatErrors.PersonalNotAllowed, Refusal(Student, Student2, new PersonalSettings(true, false)));
        Assert.Null(Refusal(Student, Student2, On));
        Assert.Equal(ChatErrors.PersonalNotAllowed, Refusal(Student, Young, On));
        Assert.Equal(ChatErrors.PersonalNotAllowed, Refusal(Young, Student, On));
    }

    [Fact]
    public void CHAT_10_ETH_3_a_request_is_answered_once_and_a_declined_sender_cannot_write_again()
    {
        var chat = new ChatState();
        chat.StartPersonal("dm1", "school", "p", "Мама", "t", Now);
        Assert.Equal(ChatErrors.PersonalRequestPending, Assert.Throws<DomainException>(() => chat.EnsureMayWritePersonal("p")).Code);
        Assert.True(chat.IsPendingRecipient("t"));
        chat.DeclinePersonal("t");
        Assert.Equal(ChatErrors.PersonalDeclined, Assert.Throws<DomainException>(() => chat.EnsureMayWritePersonal("p")).Code);
        Assert.Equal(ChatErrors.PersonalDeclined, Assert.Throws<DomainException>(() => chat.StartPersonal("dm1", "school", "p", "Мама", "t", Now)).Code);
        Assert.Equal(ChatErrors.PersonalRequestPending, Assert.Throws<DomainException>(() => chat.AcceptPersonal("t", "Учитель", Now)).Code);
        Assert.Empty(chat.ModeratorIds);
        Assert.Equal(["p"], chat.Members.Keys);

        var open = new ChatState();
        open.StartPersonal("dm2", "school", "t", "Учитель", "s", Now);
        open.AcceptPersonal("s", "Ученик", Now);
        open.EnsureMayWritePersonal("t");
        open.EnsureMayWritePersonal("s");
        Assert.Equal("t", open.BlockPersonal("s"));
        Assert.Equal(ChatErrors.PersonalBlocked, Assert.Throws<DomainException>(() => open.EnsureMayWritePersonal("t")).Code);
    }

    [Fact]
    public void CHAT_10_grades_are_read_from_class_names()
    {
        Assert.Equal(3, PersonalRules.Grade("3Б"));
        Assert.Equal(10, PersonalRules.Grade("10 А"));
        Assert.Null(PersonalRules.Grade("Учительская"));
    }
}
