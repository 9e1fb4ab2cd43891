using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Chats;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using DistrictSferum.Grains.Chats;

namespace DistrictSferum.Tests.Rules;

/// <summary>Issue 9 item 3: a chat's state stays bounded — reports, violations and links are deduplicated, capped and pruned.</summary>
public sealed class BoundedChatStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly ChatState chat = new();

    public BoundedChatStateTests()
    {
        chat.Create(new NewChat("school", ChatKind.ClassStudents, "6А", "c", null, ["Уважайте друг друга.", "Без оскорблений."]), "mod", "Учитель", Now);
        foreach (var id in new[] { "s", "s2" })
        {
            chat.Invitations[id] = new ChatInvitation("chat", "school", "6А", "mod", Now);
            chat.Join(id, id, new MemberView(id, id, SchoolRoles.Student, false, [new ClassPlacement("c", JoinRole.Student)], [], Now, null, null), null, 1, Now);
        }
    }

    [Fact]
    public void ETH_2_a_member_reports_a_message_once_a_repeat_answers_the_first_report()
    {
        var first = chat.Report("s", 7, "спам", "r1", Now, out var isNew);
        var again = chat.Report("s", 7, "опять спам", "r2", Now.AddMinutes(1), out var againNew);
        chat.Report("s2", 7, "спам", "r3", Now, out var otherNew);

        Assert.True(isNew);
        Assert.False(againNew);
        Assert.True(otherNew);
        Assert.Same(first, again);
        Assert.Equal(["r1", "r3"], chat.Reports.Select(r => r.ReportId));
    }

    [Fact]
    public void ETH_2_open_reports_per_member_are_capped_and_a_resolved_one_frees_a_place()
    {
        for (var seq = 1; seq <= ChatState.MaxOpenReportsPerMember; seq++) chat.Report("s", seq, "спам", "r" + seq, Now, out _);

        var e = Assert.Throws<DomainException>(() => chat.Report("s", 999, "спам", "over", Now, out _));
        // Waiting alone never frees a place (a moderator resolving one does): a precondition, no retry hint.
        Assert.Equal((ErrorKind.FailedPrecondition, ChatErrors.TooManyOpenReports, "ETH-2"), (e.Kind, e.Code, e.RuleId));
        Assert.Null(e.RetryAfter);
        Assert.Equal(ChatState.MaxOpenReportsPerMember, chat.Reports.Count);
        chat.Report("s2", 999, "спам", "other", Now, out var otherNew);
        Assert.True(otherNew);

        chat.ResolveReport("mod", "r1");
        chat.Report("s", 999, "спам", "now", Now, out var nowNew);
        Assert.True(nowNew);
    }

    [Fact]
    public void Resolved_reports_beyond_the_cap_leave_the_state_oldest_first()
    {
        var reporters = Enumerable.Range(0, ChatState.MaxResolvedReports + 5).Select(i => $"m{i}").ToList();
        foreach (var id in reporters)
        {
            chat.Invitations[id] = new ChatInvitation("chat", "school", "6А", "mod", Now);
            chat.Join(id, id, new MemberView(id, id, SchoolRoles.Student, false, [new ClassPlacement("c", JoinRole.Student)], [], Now, null, null), null, 1, Now);
            chat.Report(id, 1, "спам", "r-" + id, Now, out _);
            chat.ResolveReport("mod", "r-" + id);
        }

        chat.Report("s", 2, "спам", "open", Now, out _);

        Assert.Equal(ChatState.MaxResolvedReports, chat.Reports.Count(r => r.ResolvedBy is not null));
        Assert.DoesNotContain(chat.Reports, r => r.ReportId == "r-m0");
        Assert.Contains(chat.Reports, r => r.ReportId == $"r-m{ChatState.MaxResolvedReports + 4}");
        Assert.Contains(chat.Reports, r => r.ReportId == "open");
    }

    [Fact]
    public void ETH_6_a_members_violations_are_capped_cited_ones_go_first_and_uncited_ones_are_never_dropped()
    {
        var seq = 0;
        var first = Enumerable.Range(0, 4).Select(_ => chat.Remind("mod", "s", ++seq, 1, "v" + seq, Now).ViolationId).ToList();
        chat.Block("mod", "s", first, Now.AddDays(1), "b1", Now);
        chat.EndExpiredBlocks(Now.AddDays(2));
        while (chat.Violations.Count < ChatState.MaxViolationsPerMember) chat.Remind("mod", "s", ++seq, 1, "v" + seq, Now);

        // Full: the oldest cited violation makes room.
        chat.Remind("mod", "s", ++seq, 1, "v" + seq, Now);
        Assert.Equal(ChatState.MaxViolationsPerMember, chat.Violations.Count(v => v.MemberId == "s"));
        Assert.DoesNotContain(chat.Violations, v => v.ViolationId == first[0]);

        // Only uncited ones left after the cited are gone: a reminder is refused until a block cites them.
        for (var i = 0; i < 3; i++) chat.Remind("mod", "s", ++seq, 1, "v" + seq, Now);
        var e = Assert.Throws<DomainException>(() => chat.Remind("mod", "s", ++seq, 1, "v" + seq, Now));
        Assert.Equal((ErrorKind.FailedPrecondition, ChatErrors.TooManyViolations, "ETH-6"), (e.Kind, e.Code, e.RuleId));
        Assert.Null(e.RetryAfter);
        Assert.All(chat.Violations, v => Assert.Null(v.BlockId));
        // Another member's record is their own.
        chat.Remind("mod", "s2", ++seq, 1, "other", Now);
    }

    [Fact]
    public void CHAT_3_expired_and_revoked_links_are_pruned_and_live_links_are_capped()
    {
        chat.CreateLink("mod", "short", "h-short", TimeSpan.FromHours(1), Now);
        chat.CreateLink("mod", "revoked", "h-revoked", null, Now);
        chat.Links["revoked"].Revoked = true;
        for (var i = 0; i < ChatState.MaxLinks - 1; i++) chat.CreateLink("mod", "l" + i, "h" + i, null, Now.AddHours(2));

        Assert.DoesNotContain("short", chat.Links.Keys);
        Assert.DoesNotContain("revoked", chat.Links.Keys);
        Assert.Equal(ChatState.MaxLinks - 1, chat.Links.Count);
        chat.CreateLink("mod", "last", "h-last", null, Now.AddHours(2));
        var e = Assert.Throws<DomainException>(() => chat.CreateLink("mod", "over", "h-over", null, Now.AddHours(2)));
        Assert.Equal((ErrorKind.ResourceExhausted, ChatErrors.TooManyLinks), (e.Kind, e.Code));
        Assert.Equal(ChatState.MaxLinks, chat.Links.Count);
        Assert.True(e.RetryAfter > TimeSpan.Zero);
    }

    [Fact]
    public void ETH_2_an_unpaged_list_request_gets_up_to_the_hard_maximum_and_a_token_for_the_rest()
    {
        var items = Enumerable.Range(0, PageRequest.MaxSize + 1).ToList();
        var unpaged = Paging.Slice(items, new PageRequest(null, 0).UnpagedUpToMax());
        Assert.Equal(PageRequest.MaxSize, unpaged.Items.Count);
        Assert.NotNull(unpaged.NextCursor);
        var rest = Paging.Slice(items, new PageRequest(unpaged.NextCursor, 0).UnpagedUpToMax());
        Assert.Equal([PageRequest.MaxSize], rest.Items);
        Assert.Null(rest.NextCursor);
        Assert.Equal(7, new PageRequest(null, 7).UnpagedUpToMax().EffectiveSize);
    }

    [Fact]
    public void A_limit_that_frees_itself_with_time_never_answers_retry_in_zero()
    {
        Assert.Equal(DomainException.MinimumRetry, DomainException.Exhausted("X", "x", TimeSpan.Zero).RetryAfter);
        Assert.Equal(DomainException.MinimumRetry, DomainException.Exhausted("X", "x", TimeSpan.FromSeconds(-3)).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(2), DomainException.Exhausted("X", "x", TimeSpan.FromSeconds(2)).RetryAfter);
        Assert.True(DomainException.MinimumRetry > TimeSpan.Zero);
    }
}
