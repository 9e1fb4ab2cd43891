using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Meetings;

namespace DistrictSferum.Tests.Rules;

/// <summary>The meeting rule table (CHAT-9, ORG-13, ORG-17), capacity, and the schedule as the clock evaluates it.</summary>
public sealed class MeetingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private const string Class = "c5a";
    private const string School = "school";

    private static MemberView Member(string id, SchoolRoles roles, bool verified = false, params ClassPlacement[] classes) =>
        new(id, "Имя " + id, roles, verified, classes, [], Now, null, null);

    private static readonly MemberView Teacher = Member("t", SchoolRoles.Teacher, true, new ClassPlacement("staff", JoinRole.Teacher));
    private static readonly MemberView Unverified = Member("u", SchoolRoles.Teacher, false);
    private static readonly MemberView ClassTeacher = Member("ct", SchoolRoles.Teacher, true);
    private static readonly MemberView Director = Member("d", SchoolRoles.Teacher | SchoolRoles.Director, true);
    private static readonly MemberView Admin = Member("a", SchoolRoles.Administrator | SchoolRoles.Teacher, true);
    private static readonly MemberView Student = Member("s", SchoolRoles.Student, false, new ClassPlacement(Class, JoinRole.Student));
    private static readonly MemberView Parent = Member("p", SchoolRoles.Parent, false, new ClassPlacement(Class, JoinRole.Parent));
    private static readonly ClassView ClassOf = new(Class, "5А", ClassKind.Grade, 2026, false, ["ct"], 1);
    private static readonly ChatFacts SubjectChat = new(ChatKind.Subject, School, Class, OrganizerIsMember: true);

    private static NewMeeting New(MeetingKind kind, MeetingAudience audience, int weeks = 1) =>
        new(School, kind, "Алгебра", "Повторение", Now.AddDays(1), TimeSpan.FromMinutes(45), audience, weeks);

    private static DomainException Refused(Action action) => Assert.Throws<DomainException>(action);

    [Fact]
    public void CHAT_9_verified_teachers_hold_calls_and_lessons_in_chats_they_belong_to()
    {
        MeetingRules.EnsureMayOrganise(New(MeetingKind.Call, MeetingAudience.OfChat("chat")), Teacher, null, SubjectChat);
        MeetingRules.EnsureMayOrganise(New(MeetingKind.OnlineLesson, MeetingAudience.OfChat("chat")), Teacher, ClassOf, SubjectChat);

        var unverified = Refused(() => MeetingRules.EnsureMayOrganise(New(MeetingKind.OnlineLesson, MeetingAudience.OfChat("chat")), Unverified, null, SubjectChat));
        Assert.Equal(("TEACHER_NOT_VERIFIED", "ORG-9"), (unverified.Code, unverified.RuleId));
        var student = Refused(() => MeetingRules.EnsureMayOrganise(New(MeetingKind.Call, MeetingAudience.OfChat("chat")), Student, null, SubjectChat));
        Assert.Equal(("MEETING_NOT_ALLOWED", "CHAT-9", ErrorKind.PermissionDenied), (student.Code, student.RuleId, student.Kind));
        var notMember = Refused(() => MeetingRules.EnsureMayOrganise(New(MeetingKind.Call, MeetingAudience.OfChat("chat")), Teacher, null, SubjectChat with { OrganizerIsMember = false }));
        Assert.Equal((ErrorKind.NotFound, "DIS-1"), (notMember.Kind, notMember.RuleId));
        var otherSchool = Refused(() => MeetingRules.EnsureMayOrganise(New(MeetingKind.Call, MeetingAudience.OfChat("chat")), Teacher, null, SubjectChat with { SchoolId = "other" }));
        Assert.Equal(ErrorKind.NotFound, otherSchool.Kind);
    }

    [Fact]
    public void CHAT_9_only_the_class_teacher_holds_a_lesson_for_the_whole_class_and_the_parent_meeting()
    {
        MeetingRules.EnsureMayOrganise(New(MeetingKind.OnlineLesson, MeetingAudience.OfClass(Class, true, false)), ClassTeacher, ClassOf, null);
        MeetingRules.EnsureMayOrganise(New(MeetingKind.ParentMeeting, MeetingAudience.OfClass(Class, false, true)), ClassTeacher, ClassOf, null);
        MeetingRules.EnsureMayOrganise(New(MeetingKind.ParentMeeting, MeetingAudience.OfChat("parents")), ClassTeacher, ClassOf,
            new ChatFacts(ChatKind.ClassParents, School, Class, true));

        Assert.Equal("CHAT-9", Refused(() => MeetingRules.EnsureMayOrganise(New(MeetingKind.ParentMeeting, MeetingAudience.OfClass(Class, false, true)), Teacher, ClassOf, null)).RuleId);
        Assert.Equal("CHAT-9", Refused(() => MeetingRules.EnsureMayOrganise(New(MeetingKind.OnlineLesson, MeetingAudience.OfClass(Class, true, false)), Teacher, ClassOf, null)).RuleId);
        Assert.Equal("CHAT-9", Refused(() => MeetingRules.EnsureMayOrganise(New(MeetingKind.ParentMeeting, MeetingAudience.OfClass(Class, false, true)), Director, ClassOf, null)).RuleId);
        // A parent meeting is held in the class's parents' chat, not in a subject chat.
        Assert.Equal("AUDIENCE_INVALID", Refused(() => MeetingRules.EnsureMayOrganise(New(MeetingKind.ParentMeeting, MeetingAudience.OfChat("chat")), ClassTeacher, ClassOf, SubjectChat)).Code);
    }

    [Fact]
    public void CHAT_9_the_director_deputies_and_administrators_hold_councils_and_work_meetings()
    {
        var deputy = Member("dep", SchoolRoles.Teacher | SchoolRoles.Deputy, true);
        foreach (var organiser in new[] { Director, deputy, Admin })
        {
            MeetingRules.EnsureMayOrganise(New(MeetingKind.TeachersCouncil, MeetingAudience.Staff), organiser, null, null);
            MeetingRules.EnsureMayOrganise(New(MeetingKind.WorkMeeting, MeetingAudience.Staff), organiser, null, null);
        }

        var e = Refused(() => MeetingRules.EnsureMayOrganise(New(MeetingKind.TeachersCouncil, MeetingAudience.Staff), Teacher, null, null));
        Assert.Equal(("MEETING_NOT_ALLOWED", "CHAT-9"), (e.Code, e.RuleId));
    }

    [Fact]
    public void ORG_13_only_administrators_director_and_deputies_plan_broadcasts()
    {
        MeetingRules.EnsureMayOrganise(New(MeetingKind.Broadcast, MeetingAudience.WholeSchool), Admin, null, null);
        MeetingRules.EnsureMayOrganise(New(MeetingKind.Broadcast, MeetingAudience.WholeSchool), Director, null, null);

        var e = Refused(() => MeetingRules.EnsureMayOrganise(New(MeetingKind.Broadcast, MeetingAudience.WholeSchool), Teacher, null, null));
        Assert.Equal(("MEETING_NOT_ALLOWED", "ORG-13"), (e.Code, e.RuleId));
    }

    [Fact]
    public void CHAT_9_each_kind_has_its_audiences_and_only_lessons_repeat()
    {
        Assert.Equal("AUDIENCE_INVALID", Refused(() => MeetingRules.Validate(New(MeetingKind.TeachersCouncil, MeetingAudience.WholeSchool), Now)).Code);
        Assert.Equal("AUDIENCE_INVALID", Refused(() => MeetingRules.Validate(New(MeetingKind.Call, MeetingAudience.Staff), Now)).Code);
        Assert.Equal("AUDIENCE_INVALID", Refused(() => MeetingRules.Validate(New(MeetingKind.OnlineLesson, MeetingAudience.OfClass(Class, true, true)), Now)).Code);
        Assert.Equal("RECURRENCE_INVALID", Refused(() => MeetingRules.Validate(New(MeetingKind.WorkMeeting, MeetingAudience.Staff, weeks: 3), Now)).Code);
        Assert.Equal("RECURRENCE_INVALID", Refused(() => MeetingRules.Validate(New(MeetingKind.OnlineLesson, MeetingAudience.OfChat("c"), weeks: 41), Now)).Code);
        Assert.Equal("DURATION_INVALID", Refused(() => MeetingRules.Validate(New(MeetingKind.Call, MeetingAudience.OfChat("c")) with { Duration = TimeSpan.FromHours(9) }, Now)).Code);
        Assert.Equal("START_IN_PAST", Refused(() => MeetingRules.Validate(New(MeetingKind.Call, MeetingAudience.OfChat("c")) with { Start = Now.AddHours(-2) }, Now)).Code);
        Assert.Equal("STREAM_URL_INVALID", Refused(() => MeetingRules.Validate(New(MeetingKind.Call, MeetingAudience.OfChat("c")) with { StreamUrl = "https://x" }, Now)).Code);
        Assert.Equal("STREAM_URL_INVALID", Refused(() => MeetingRules.Validate(New(MeetingKind.Broadcast, MeetingAudience.WholeSchool) with { StreamUrl = "javascript:alert(1)" }, Now)).Code);
        Assert.Equal(12, MeetingRules.Validate(New(MeetingKind.OnlineLesson, MeetingAudience.OfChat("c"), weeks: 12), Now).WeeklyOccurrences);
    }

    [Fact]
    public void CHAT_9_a_class_meeting_admits_its_students_or_parents_and_class_teachers_supervisors_look_in()
    {
        var parents = MeetingAudience.OfClass(Class, students: false, parents: true);
        Assert.True(MeetingRules.Admits(parents, "ct", Parent, ClassOf, false, supervisorsLookIn: false));
        Assert.True(MeetingRules.Admits(parents, "x", ClassTeacher, ClassOf, false, supervisorsLookIn: false));
        Assert.False(MeetingRules.Admits(parents, "ct", Student, ClassOf, false, supervisorsLookIn: false));
        Assert.False(MeetingRules.Admits(parents, "ct", Teacher, ClassOf, false, supervisorsLookIn: false));
        Assert.False(MeetingRules.Admits(parents, "ct", Director, ClassOf, false, supervisorsLookIn: false));
        Assert.True(MeetingRules.Admits(parents, "ct", Director, ClassOf, false, supervisorsLookIn: true));
        Assert.False(MeetingRules.Admits(MeetingAudience.Staff, "d", Student, null, false, false));
        Assert.True(MeetingRules.Admits(MeetingAudience.Staff, "d", Teacher, null, false, false));
        Assert.True(MeetingRules.Admits(MeetingAudience.WholeSchool, "a", Parent, null, false, false));
        Assert.True(MeetingRules.Admits(MeetingAudience.OfChat("c"), "t", Student, null, memberOfChat: true, false));
        Assert.False(MeetingRules.Admits(MeetingAudience.OfChat("c"), "t", Student, null, memberOfChat: false, false));
    }

    [Fact]
    public void CHAT_9_calls_and_lessons_take_at_most_100_people_broadcasts_any_number()
    {
        Assert.Equal(100, new MeetingOptions().Capacity);
        Assert.Equal(100, MeetingRules.CapacityOf(MeetingKind.Call, 100));
        Assert.Equal(100, MeetingRules.CapacityOf(MeetingKind.OnlineLesson, 100));
        Assert.Null(MeetingRules.CapacityOf(MeetingKind.Broadcast, 100));
        var full = Enumerable.Range(0, 100).Select(i => "u" + i).ToHashSet();

        var e = Refused(() => MeetingRules.EnsureCapacity(100, full, "late", MeetingKind.OnlineLesson, TimeSpan.FromMinutes(30)));

        Assert.Equal(("MEETING_FULL", ErrorKind.ResourceExhausted, "CHAT-9", TimeSpan.FromMinutes(30)), (e.Code, e.Kind, e.RuleId, e.RetryAfter));
        MeetingRules.EnsureCapacity(100, full, "u7", MeetingKind.OnlineLesson, TimeSpan.FromMinutes(30)); // a re-join takes no second place
        MeetingRules.EnsureCapacity(100, full.Take(99).ToHashSet(), "late", MeetingKind.OnlineLesson, TimeSpan.FromMinutes(30));
        MeetingRules.EnsureCapacity(null, full, "viewer", MeetingKind.Broadcast, TimeSpan.FromMinutes(30));
    }

    private static MeetingView View(int weeks = 1, params DateTimeOffset[] cancelled) =>
        new("m", School, MeetingKind.OnlineLesson, "Алгебра", "", "t", "Учитель", MeetingAudience.OfChat("c"), Now.AddHours(1), TimeSpan.FromMinutes(45),
            weeks, cancelled, MeetingStatus.Scheduled, null, null, 100, "c", null, Now, null, null);

    [Fact]
    public void CHAT_9_a_weekly_lesson_skips_its_cancelled_occurrence()
    {
        var exception = Now.AddHours(1).AddDays(7);
        var series = View(4, exception);

        var starts = MeetingSchedule.Occurrences(series).Select(o => o.Start).ToList();

        Assert.Equal([Now.AddHours(1), Now.AddHours(1).AddDays(14), Now.AddHours(1).AddDays(21)], starts);
        // During the week of the exception the next occurrence is the one after it.
        var evaluated = MeetingSchedule.Evaluate(series, Now.AddDays(3));
        Assert.Equal((MeetingStatus.Scheduled, Now.AddHours(1).AddDays(14)), (evaluated.Status, evaluated.NextStart!.Value));
    }

    [Fact]
    public void CHAT_9_the_status_is_evaluated_from_the_clock_without_any_reminder()
    {
        var single = View();
        Assert.Equal(MeetingStatus.Scheduled, MeetingSchedule.Evaluate(single, Now).Status);
        Assert.Equal(MeetingStatus.Live, MeetingSchedule.Evaluate(single, Now.AddHours(1).AddMinutes(10)).Status);
        var over = MeetingSchedule.Evaluate(single, Now.AddHours(2));
        Assert.Equal((MeetingStatus.Ended, (DateTimeOffset?)null), (over.Status, over.NextStart));
        Assert.Equal(MeetingStatus.Cancelled, MeetingSchedule.Evaluate(single with { Status = MeetingStatus.Cancelled }, Now.AddHours(1)).Status);
        // ORG-13: a broadcast started early is live at once, ended early is over.
        Assert.Equal(MeetingStatus.Live, MeetingSchedule.Evaluate(single with { StartedAt = Now.AddMinutes(30) }, Now.AddMinutes(31)).Status);
        Assert.Equal(MeetingStatus.Ended, MeetingSchedule.Evaluate(single with { EndedAt = Now.AddHours(1).AddMinutes(5) }, Now.AddHours(1).AddMinutes(6)).Status);
    }

    [Fact]
    public void CHAT_9_reminders_fall_due_15_minutes_before_and_at_the_start_and_stale_ones_are_skipped()
    {
        var lead = TimeSpan.FromMinutes(15);
        var start = Now.AddHours(1);
        var single = View();

        Assert.Equal(start - lead, MeetingSchedule.NextMoment(single, Now, lead));
        Assert.Empty(MeetingSchedule.Due(single, Now, start - lead - TimeSpan.FromSeconds(1), lead));
        Assert.Equal([(MeetingNoticeKind.Reminder, new Occurrence(start, start.AddMinutes(45)))], MeetingSchedule.Due(single, Now, start - lead, lead));
        Assert.Equal(start, MeetingSchedule.NextMoment(single, start - lead, lead));
        Assert.Equal([MeetingNoticeKind.Started], MeetingSchedule.Due(single, start - lead, start, lead).Select(d => d.Kind));
        Assert.Equal(start.AddMinutes(45), MeetingSchedule.NextMoment(single, start, lead));
        Assert.Null(MeetingSchedule.NextMoment(single, start.AddMinutes(45), lead));
        // A silo down through the start: no late reminder, the start is announced while it runs; after the end, nothing.
        Assert.Equal([MeetingNoticeKind.Started], MeetingSchedule.Due(single, Now, start.AddMinutes(5), lead).Select(d => d.Kind));
        Assert.Empty(MeetingSchedule.Due(single, Now, start.AddHours(2), lead));
        // A series reminds before each occurrence it still has.
        var series = View(3, start.AddDays(7));
        Assert.Equal(start.AddDays(14) - lead, MeetingSchedule.NextMoment(series, start.AddMinutes(45), lead));
    }
}
