using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Support;
using DistrictSferum.Grains.Common;

namespace DistrictSferum.Grains.Support;

/// <summary>Pure rules of the support desk (REG-5): who sees and answers a ticket, and what each step changes.</summary>
public static class SupportRules
{
    public const int SubjectMax = 200;
    public const int TextMax = 4000;

    public static string Subject(string? value) => TextRules.Required(value, "subject", SubjectMax, Rules.Reg5);

    public static string Text(string? value, string field = "text") => TextRules.Required(value, field, TextMax, Rules.Reg5, multiline: true);

    /// <summary>
    /// On which side the actor stands for this ticket: its requester, the school's administrators (requests only),
    /// the district's operators (escalated requests and suggestions). Anyone else does not learn that it exists (DIS-1).
    /// </summary>
    public static SupportSide SideOf(TicketView ticket, string userId, bool schoolAdministrator, bool operatorOfDistrict)
    {
        // An announcement's author is an operator: they answer in it from the district's side.
        if (ticket.RequesterId == userId && ticket.Kind != TicketKind.Announcement) return SupportSide.Member;
        if (ticket.Kind is TicketKind.Request or TicketKind.Announcement && schoolAdministrator) return SupportSide.School;
        if (ticket.InDistrictQueue && operatorOfDistrict) return SupportSide.District;
        throw NotFound();
    }

    public static DomainException NotFound() => DomainException.NotFound(SupportErrors.TicketNotFound, "No such support ticket.", Rules.Dis1);

    public static TicketView New(string ticketId, string queue, string schoolId, string requesterId, string requesterName,
        TicketKind kind, SupportCategory category, string subject, DateTimeOffset now) =>
        new(ticketId, schoolId, requesterId, requesterName, kind, category, subject, SupportStatus.Open, false, 1, 1, now, now, null, null, queue);

    /// <summary>
    /// A line added to the thread. Staff answering an open ticket marks it answered and starts the clock of the first
    /// reply; the member writing again reopens one that waited for them or was answered. A closed ticket takes no line.
    /// </summary>
    public static TicketView Reply(TicketView ticket, SupportSide side, DateTimeOffset now)
    {
        EnsureNotClosed(ticket);
        var staff = side != SupportSide.Member;
        var status = staff
            ? ticket.Status == SupportStatus.Open ? SupportStatus.Answered : ticket.Status
            : ticket.Status is SupportStatus.WaitingForMember or SupportStatus.Answered ? SupportStatus.Open : ticket.Status;
        return Touch(ticket, now, addsLine: true) with
        {
            Status = status,
            FirstReplyAt = staff ? ticket.FirstReplyAt ?? now : ticket.FirstReplyAt,
        };
    }

    /// <summary>Staff set any status; the requester may only close their own ticket.</summary>
    public static TicketView SetStatus(TicketView ticket, SupportSide side, SupportStatus status, DateTimeOffset now)
    {
        if (side == SupportSide.Member && status != SupportStatus.Closed)
            throw DomainException.Denied(SupportErrors.NotSupportStaff, "A member may close their ticket; its status is otherwise set by those who answer it.", Rules.Reg5);
        if (ticket.Status == status) return ticket;
        return Touch(ticket, now, addsLine: true) with
        {
            Status = status,
            ClosedAt = status == SupportStatus.Closed ? now : null,
        };
    }

    /// <summary>Only the school's administrators (so only of a request) pass it on to the district, once, while it is not closed.</summary>
    public static TicketView Escalate(TicketView ticket, SupportSide side, DateTimeOffset now)
    {
        if (side != SupportSide.School)
            throw DomainException.Denied(SupportErrors.NotSupportStaff, "The school's administrators pass a request on to the district.", Rules.Reg5);
        if (ticket.Escalated || ticket.Kind != TicketKind.Request)
            throw DomainException.Precondition(SupportErrors.TicketAlreadyEscalated, "This request is with the district already.", Rules.Reg5);
        EnsureNotClosed(ticket);
        return Touch(ticket, now, addsLine: true) with { Escalated = true, Status = SupportStatus.Open };
    }

    public static string StatusNote(SupportStatus status) => status switch
    {
        SupportStatus.Open => "Статус: открыт",
        SupportStatus.WaitingForMember => "Статус: ждёт ответа участника",
        SupportStatus.Answered => "Статус: отвечен",
        _ => "Статус: закрыт",
    };

    private static void EnsureNotClosed(TicketView ticket)
    {
        if (ticket.Status == SupportStatus.Closed)
            throw DomainException.Precondition(SupportErrors.TicketClosed, "The ticket is closed: open a new one, or ask those who answered to reopen it.", Rules.Reg5);
    }

    private static TicketView Touch(TicketView ticket, DateTimeOffset now, bool addsLine) =>
        ticket with { Version = ticket.Version + 1, UpdatedAt = now, Messages = ticket.Messages + (addsLine ? 1 : 0) };
}
