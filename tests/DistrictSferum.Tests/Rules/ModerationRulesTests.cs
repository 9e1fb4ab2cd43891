using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Contracts.Moderation;
using DistrictSferum.Grains.Chats;
using DistrictSferum.Grains.Moderation;

namespace DistrictSferum.Tests.Rules;

public sealed class ModerationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);
    private readonly ChatState chat = new();
    private int next;

    public ModerationRulesTests()
    {
        chat.Create(new NewChat("school", ChatKind.ClassStudents, "6А", "c", null, ["Уважайте друг друга.", "Без оскорблений.", "Без рекламы."]), "mod", "Учитель", Now);
        foreach (var id in new[] { "s", "s2", "s3" })
        {
            chat.Invitations[id] = new ChatInvitation("chat", "school", "6А", "mod", Now);
            chat.Join(id, id, new MemberView(id, id, SchoolRoles.Student, false, [new ClassPlacement("c", JoinRole.Student)], [], Now, null, null), null, 1, Now);
        }
    }

    private List<string> Violations(string member, int count) =>
        Enumerable.Range(0, count).Select(_ => chat.Remind("mod", member, ++next, 2, "v" + next, Now).ViolationId).ToList();

    [Fact]
    public void ETH_5_a_reminder_records_which_rule_and_which_message()
    {
        var v = chat.Remind("mod", "s", 7, 2, "v1", Now);

        Assert.Equal(("s", 2, "Без оскорблений.", 7L, "mod"), (v.MemberId, v.Clause, v.ClauseText, v.MessageSeq, v.ModeratorId));
        Assert.Equal("CLAUSE_INVALID", Assert.Throws<DomainException>(() => chat.Remind("mod", "s", 8, 4, "v2", Now)).Code);
        Assert.Equal("ALREADY_REMINDED", Assert.Throws<DomainException>(() => chat.Remind("mod", "s", 7, 2, "v3", Now)).Code);
    }

    [Fact]
    public void ETH_2_ETH_5_a_member_who_is_not_a_moderator_cannot_moderate()
    {
        var remind = Assert.Throws<DomainException>(() => chat.Remind("s2", "s", 1, 1, "v", Now));
        var ids = Violations("s", 4);
        var block = Assert.Throws<DomainException>(() => chat.Block("s2", "s", ids, Now.AddDays(1), "b", Now));

        Assert.Equal((ErrorKind.PermissionDenied, "ETH-5"), (remind.Kind, remind.RuleId));
        Assert.Equal((ErrorKind.PermissionDenied, "ETH-6"), (block.Kind, block.RuleId));
        Assert.Empty(chat.Blocks);
    }

    [Fact]
    public void ETH_6_a_block_citing_three_violations_is_refused_and_changes_nothing()
    {
        var three = Violations("s", 3);

        var e = Assert.Throws<DomainException>(() => chat.Block("mod", "s", three, Now.AddDays(7), "b", Now));

        Assert.Equal(("NOT_ENOUGH_VIOLATIONS", "ETH-6"), (e.Code, e.RuleId));
        Assert.Empty(chat.Blocks);
        Assert.All(chat.Violations, v => Assert.Null(v.BlockId));
    }

    [Fact]
    public void ETH_6_a_block_citing_four_violations_is_allowed_and_uses_them_up()
    {
        var four = Violations("s", 4);

        var block = chat.Block("mod", "s", four, Now.AddDays(7), "b", Now);

        Assert.True(chat.IsBlocked("s", Now));
        Assert.Equal(four, block.ViolationIds);
        Assert.All(chat.Violations, v => Assert.Equal("b", v.BlockId));
    }

    [Fact]
    public void ETH_6_a_violation_cited_by_one_block_cannot_be_cited_again()
    {
        var four = Violations("s", 4);
        chat.Block("mod", "s", four, Now.AddDays(1), "b1", Now);
        var later = Now.AddDays(2);
        chat.EndExpiredBlocks(later);
        var fresh = Violations("s", 1);

        var e = Assert.Throws<DomainException>(() => chat.Block("mod", "s", four.Take(3).Concat(fresh).ToList(), later.AddDays(1), "b2", later));

        Assert.Equal(("VIOLATION_NOT_CITABLE", "ETH-6"), (e.Code, e.RuleId));
    }

    [Fact]
    public void ETH_6_a_block_lasts_at_most_one_calendar_month()
    {
        var ids = Violations("s", 4);

        var tooLong = Assert.Throws<DomainException>(() => chat.Block("mod", "s", ids, Now.AddMonths(1).AddMinutes(1), "b", Now));
        var past = Assert.Throws<DomainException>(() => chat.Block("mod", "s", ids, Now, "b", Now));
        chat.Block("mod", "s", ids, Now.AddMonths(1), "b", Now);

        Assert.Equal(("BLOCK_TOO_LONG", "ETH-6"), (tooLong.Code, tooLong.RuleId));
        Assert.Equal("BLOCK_END_INVALID", past.Code);
    }

    [Fact]
    public void ETH_8_there_is_no_block_without_citing_violations_nor_with_someone_elses()
    {
        var others = Violations("s2", 4);

        var none = Assert.Throws<DomainException>(() => chat.Block("mod", "s", [], Now.AddDays(1), "b", Now));
        var foreign = Assert.Throws<DomainException>(() => chat.Block("mod", "s", others, Now.AddDays(1), "b", Now));

        Assert.Equal(("VIOLATIONS_REQUIRED", "ETH-8"), (none.Code, none.RuleId));
        Assert.Equal("VIOLATION_NOT_CITABLE", foreign.Code);
        Assert.Empty(chat.Blocks);
    }

    [Fact]
    public void ETH_6_ETH_7_a_blocked_member_can_post_only_one_apology()
    {
        chat.Block("mod", "s", Violations("s", 4), Now.AddDays(7), "b", Now);

        var message = Assert.Throws<DomainException>(() => chat.EnsureMayPost("s", apology: false, Now));
        chat.EnsureMayPost("s", apology: true, Now);
        chat.RecordApology("s", 42, Now, Window);
        var second = Assert.Throws<DomainException>(() => chat.EnsureMayPost("s", apology: true, Now));

        Assert.Equal(("MEMBER_BLOCKED", "ETH-6"), (message.Code, message.RuleId));
        Assert.Equal(("APOLOGY_ALREADY_POSTED", "ETH-7"), (second.Code, second.RuleId));
        Assert.Equal("APOLOGY_NOT_EXPECTED", Assert.Throws<DomainException>(() => chat.EnsureMayPost("s2", apology: true, Now)).Code);
    }

    [Fact]
    public void ETH_6_a_block_ends_by_itself_at_its_end_time()
    {
        chat.Block("mod", "s", Violations("s", 4), Now.AddDays(3), "b", Now);

        Assert.Empty(chat.EndExpiredBlocks(Now.AddDays(3).AddSeconds(-1)));
        var ended = chat.EndExpiredBlocks(Now.AddDays(3));

        Assert.Equal("s", Assert.Single(ended).MemberId);
        Assert.False(chat.IsBlocked("s", Now.AddDays(3)));
        chat.EnsureMayPost("s", apology: false, Now.AddDays(3));
    }

    [Fact]
    public void ETH_7_an_early_unblock_without_an_apology_is_refused()
    {
        chat.Block("mod", "s", Violations("s", 4), Now.AddDays(7), "b", Now);

        var e = Assert.Throws<DomainException>(() => chat.UnblockEarly("mod", "s", Now.AddDays(2)));

        Assert.Equal(("NO_APOLOGY", "ETH-7"), (e.Code, e.RuleId));
        Assert.True(chat.IsBlocked("s", Now.AddDays(2)));
    }

    [Fact]
    public void ETH_7_one_objection_prevents_an_early_unblock()
    {
        chat.Block("mod", "s", Violations("s", 4), Now.AddDays(7), "b", Now);
        chat.RecordApology("s", 42, Now, Window);
        chat.Object("s2", "s", Now.AddHours(1));

        var e = Assert.Throws<DomainException>(() => chat.UnblockEarly("mod", "s", Now.AddDays(2)));

        Assert.Equal(("OBJECTED", "ETH-7"), (e.Code, e.RuleId));
        Assert.Empty(chat.DueUnblockNotices(Now.AddDays(2)));
    }

    [Fact]
    public void ETH_7_after_an_apology_and_a_window_without_objection_the_moderator_may_unblock_early()
    {
        chat.Block("mod", "s", Violations("s", 4), Now.AddDays(7), "b", Now);
        chat.RecordApology("s", 42, Now, Window);

        var tooSoon = Assert.Throws<DomainException>(() => chat.UnblockEarly("mod", "s", Now.AddHours(23)));
        var notice = Assert.Single(chat.DueUnblockNotices(Now + Window));
        var lateObjection = Assert.Throws<DomainException>(() => chat.Object("s2", "s", Now + Window));
        var ended = chat.UnblockEarly("mod", "s", Now + Window);

        Assert.Equal("OBJECTION_WINDOW_OPEN", tooSoon.Code);
        Assert.Equal("s", notice.MemberId);
        Assert.Equal("OBJECTION_WINDOW_CLOSED", lateObjection.Code);
        Assert.Equal("mod", ended.EndedBy);
        Assert.False(chat.IsBlocked("s", Now + Window));
    }

    [Fact]
    public void ETH_2_moderators_are_appointed_from_verified_teachers_who_are_members()
    {
        var teacher = new MemberView("t2", "t2", SchoolRoles.Teacher, true, [], [], Now, null, null);
        var unverified = teacher with { UserId = "t3", VerifiedTeacher = false };
        chat.Invitations["t2"] = new ChatInvitation("chat", "school", "6А", "mod", Now);
        chat.Join("t2", "t2", teacher with { Classes = [new ClassPlacement("c", JoinRole.Teacher)] }, null, 1, Now);

        var student = Assert.Throws<DomainException>(() => chat.AppointModerator("mod", false, chat.Members.ContainsKey("s") ? new MemberView("s", "s", SchoolRoles.Student, false, [], [], Now, null, null) : null));
        var outsider = Assert.Throws<DomainException>(() => chat.AppointModerator("mod", false, unverified));
        var byMember = Assert.Throws<DomainException>(() => chat.AppointModerator("s", false, teacher));
        chat.AppointModerator("mod", false, teacher);

        Assert.Equal(("NOT_VERIFIED_TEACHER", "ETH-2"), (student.Code, student.RuleId));
        Assert.Equal("NOT_A_MEMBER", outsider.Code);
        Assert.Equal(ErrorKind.PermissionDenied, byMember.Kind);
        Assert.Equal(["mod", "t2"], chat.ModeratorIds);
    }

    [Fact]
    public void ORG_16_a_resumed_audit_chain_adopts_exactly_the_stored_rows_that_chain_on_from_its_anchor()
    {
        var keys = new AuditOptions { ChainKey = Convert.ToBase64String(new byte[32]) }.Keys();
        AuditRecord Row(string detail) => new("c", "remind", false, "mod", "s", 1, 1, detail, null, null, Now);
        var one = AuditChain.Next(keys, "school", 0, AuditChain.Genesis, Row("1"));
        var two = AuditChain.Next(keys, "school", 1, one.Hash, Row("2"));
        var foreign = AuditChain.Next(keys, "school", 2, "not the hash of 2", Row("3"));

        Assert.Equal((0L, AuditChain.Genesis, false), AuditChain.Resume(keys, 0, AuditChain.Genesis, []));
        Assert.Equal((2L, two.Hash, false), AuditChain.Resume(keys, 0, AuditChain.Genesis, [one, two]));
        Assert.Equal((2L, two.Hash, false), AuditChain.Resume(keys, 1, one.Hash, [two]));
        // A row that does not chain on is not adopted, nor anything after it; a gap in the numbers neither.
        Assert.Equal((2L, two.Hash, true), AuditChain.Resume(keys, 1, one.Hash, [two, foreign]));
        Assert.Equal((1L, one.Hash, true), AuditChain.Resume(keys, 1, one.Hash, [two with { Seq = 3 }]));
        Assert.Equal((1L, one.Hash, true), AuditChain.Resume(keys, 1, one.Hash, [two with { Detail = "changed" }]));
    }

    [Fact]
    public void ORG_16_a_chat_tells_its_summary_when_its_listing_changes_and_its_activity_at_most_once_a_minute()
    {
        var view = chat.View("chat", 10);
        var interval = ChatSummaries.ActivityInterval;
        Assert.True(ChatSummaries.ShouldPublish(null, Now, view, Now, interval));
        Assert.False(ChatSummaries.ShouldPublish(view, Now, view, Now.AddHours(1), interval));
        Assert.False(ChatSummaries.ShouldPublish(view, Now, view with { LastSeq = 11 }, Now.AddSeconds(59), interval));
        Assert.True(ChatSummaries.ShouldPublish(view, Now, view with { LastSeq = 11 }, Now.AddSeconds(60), interval));
        Assert.True(ChatSummaries.ShouldPublish(view, Now, view with { MemberCount = view.MemberCount - 1 }, Now, interval));
        Assert.True(ChatSummaries.ShouldPublish(view, Now, view with { ModeratorIds = [.. view.ModeratorIds, "s"] }, Now, interval));
        Assert.True(ChatSummaries.ShouldPublish(view, Now, view with { Title = "7А" }, Now, interval));

        // The register keeps the newest it is told; only a changed listing is written at once.
        Assert.Equal((true, true), ChatSummaries.Accept(null, view));
        Assert.Equal((false, false), ChatSummaries.Accept(view with { LastSeq = 12 }, view with { Title = "старое" }));
        Assert.Equal((true, false), ChatSummaries.Accept(view, view with { LastSeq = 11 }));
        Assert.Equal((false, false), ChatSummaries.Accept(view, view));
        Assert.Equal((true, true), ChatSummaries.Accept(view, view with { LastSeq = 11, MemberCount = 1 }));
    }

    /// <summary>Issue 15: the check after every call reads the state against the last summary and agrees with comparing views.</summary>
    [Fact]
    public void ORG_16_the_check_after_every_call_compares_the_state_with_the_last_summary_without_building_a_view()
    {
        var interval = ChatSummaries.ActivityInterval;
        var published = chat.View("chat", 10);
        void Agrees(long lastSeq, DateTimeOffset now) =>
            Assert.Equal(!ChatSummaries.ShouldPublish(published, Now, chat.View("chat", lastSeq), now, interval),
                ChatSummaries.Unchanged(published, Now, chat, lastSeq, now, interval));

        Assert.False(ChatSummaries.Unchanged(null, Now, chat, 10, Now, interval));
        Assert.True(ChatSummaries.Unchanged(published, Now, chat, 10, Now.AddHours(1), interval));
        Assert.True(ChatSummaries.Unchanged(published, Now, chat, 11, Now.AddSeconds(59), interval));
        Assert.False(ChatSummaries.Unchanged(published, Now, chat, 11, Now.AddSeconds(60), interval));
        Agrees(10, Now);
        Agrees(11, Now.AddSeconds(60));

        var title = chat.Title;
        chat.Title = "7А";
        Assert.False(ChatSummaries.Unchanged(published, Now, chat, 10, Now, interval));
        Agrees(10, Now);
        chat.Title = title;
        chat.ModeratorIds.Add("new-moderator");
        Assert.False(ChatSummaries.Unchanged(published, Now, chat, 10, Now, interval));
        Agrees(10, Now);
        chat.ModeratorIds.Remove("new-moderator");
        chat.ArchivedAt = Now;
        Assert.False(ChatSummaries.Unchanged(published, Now, chat, 10, Now, interval));
        Agrees(10, Now);
        chat.ArchivedAt = null;
        chat.RuleSet = chat.RuleSet with { Version = chat.RuleSet.Version + 1 };
        Assert.False(ChatSummaries.Unchanged(published, Now, chat, 10, Now, interval));
        Agrees(10, Now);
        var member = chat.Members.Keys.First();
        chat.Members.Remove(member);
        Assert.False(ChatSummaries.Unchanged(published, Now, chat, 10, Now, interval));
        Agrees(10, Now);
    }
}
