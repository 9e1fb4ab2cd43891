using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Support;
using DistrictSferum.Grains.Support;

namespace DistrictSferum.Tests.Rules;

/// <summary>The support desk's rules (REG-5) without a cluster: sides, the status flow, escalation.</summary>
public sealed class SupportRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private static TicketView Request() =>
        SupportRules.New("s1_abc", "s1", "s1", "member", "Участник", TicketKind.Request, SupportCategory.SignIn, "Код", Now);

    [Fact]
    public void REG_5_the_requester_the_schools_administrators_and_for_escalated_tickets_the_operators_are_the_only_sides()
    {
        var ticket = Request();
        Assert.Equal(SupportSide.Member, SupportRules.SideOf(ticket, "member", false, false));
        Assert.Equal(SupportSide.School, SupportRules.SideOf(ticket, "admin", true, false));
        var hidden = Assert.Throws<DomainException>(() => SupportRules.SideOf(ticket, "op", false, true));
        Assert.Equal((ErrorKind.NotFound, SupportErrors.TicketNotFound, "DIS-1"), (hidden.Kind, hidden.Code, hidden.RuleId));
        Assert.Equal(SupportSide.District, SupportRules.SideOf(ticket with { Escalated = true }, "op", false, true));
        var suggestion = ticket with { Kind = TicketKind.Suggestion };
        Assert.Throws<DomainException>(() => SupportRules.SideOf(suggestion, "admin", true, false));
        Assert.Equal(SupportSide.District, SupportRules.SideOf(suggestion, "op", false, true));
    }

    [Fact]
    public void REG_5_staff_answering_marks_answered_once_and_the_member_writing_again_reopens()
    {
        var answered = SupportRules.Reply(Request(), SupportSide.School, Now.AddMinutes(5));
        Assert.Equal((SupportStatus.Answered, Now.AddMinutes(5), 2, 2), (answered.Status, answered.FirstReplyAt, answered.Version, answered.Messages));
        var later = SupportRules.Reply(answered, SupportSide.District, Now.AddMinutes(9));
        Assert.Equal(Now.AddMinutes(5), later.FirstReplyAt);
        Assert.Equal(SupportStatus.Open, SupportRules.Reply(later, SupportSide.Member, Now.AddMinutes(10)).Status);
        var waiting = SupportRules.SetStatus(later, SupportSide.School, SupportStatus.WaitingForMember, Now.AddMinutes(11));
        Assert.Equal(SupportStatus.Open, SupportRules.Reply(waiting, SupportSide.Member, Now.AddMinutes(12)).Status);
    }

    [Fact]
    public void REG_5_a_closed_ticket_takes_no_reply_and_the_member_may_only_close()
    {
        var ticket = Request();
        var denied = Assert.Throws<DomainException>(() => SupportRules.SetStatus(ticket, SupportSide.Member, SupportStatus.Answered, Now));
        Assert.Equal(SupportErrors.NotSupportStaff, denied.Code);
        var closed = SupportRules.SetStatus(ticket, SupportSide.Member, SupportStatus.Closed, Now.AddHours(1));
        Assert.Equal(Now.AddHours(1), closed.ClosedAt);
        Assert.Equal(SupportErrors.TicketClosed, Assert.Throws<DomainException>(() => SupportRules.Reply(closed, SupportSide.School, Now)).Code);
        Assert.Null(SupportRules.SetStatus(closed, SupportSide.School, SupportStatus.Open, Now.AddHours(2)).ClosedAt);
        Assert.Same(ticket, SupportRules.SetStatus(ticket, SupportSide.School, SupportStatus.Open, Now));
    }

    [Fact]
    public void REG_5_only_the_school_escalates_and_only_once()
    {
        var escalated = SupportRules.Escalate(Request(), SupportSide.School, Now);
        Assert.True(escalated.InDistrictQueue);
        Assert.Equal(SupportErrors.TicketAlreadyEscalated, Assert.Throws<DomainException>(() => SupportRules.Escalate(escalated, SupportSide.School, Now)).Code);
        Assert.Equal(SupportErrors.NotSupportStaff, Assert.Throws<DomainException>(() => SupportRules.Escalate(Request(), SupportSide.Member, Now)).Code);
        Assert.Equal(SupportErrors.NotSupportStaff, Assert.Throws<DomainException>(() => SupportRules.Escalate(escalated, SupportSide.District, Now)).Code);
        Assert.Equal(("s1", "abc"), (TicketIds.QueueOf("s1_abc"), "abc"));
        Assert.Null(TicketIds.QueueOf("noqueue"));
    }
}
