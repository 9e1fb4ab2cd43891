using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Support;
using DistrictSferum.Gateway.Services;
using Google.Protobuf.WellKnownTypes;
using Proto = DistrictSferum.Protos.V1;

namespace DistrictSferum.Gateway.Support;

/// <summary>The support desk's enums (explicit tables) and records on the wire.</summary>
public static class SupportMapping
{
    public static readonly EnumMap<Proto.SupportCategory, SupportCategory> Categories = new(CommonErrors.EnumValueInvalid,
        (Proto.SupportCategory.SignIn, SupportCategory.SignIn),
        (Proto.SupportCategory.Registration, SupportCategory.Registration),
        (Proto.SupportCategory.Classes, SupportCategory.Classes),
        (Proto.SupportCategory.Chats, SupportCategory.Chats),
        (Proto.SupportCategory.Other, SupportCategory.Other));

    public static readonly EnumMap<Proto.TicketStatus, SupportStatus> Statuses = new(CommonErrors.EnumValueInvalid,
        (Proto.TicketStatus.Open, SupportStatus.Open),
        (Proto.TicketStatus.WaitingForMember, SupportStatus.WaitingForMember),
        (Proto.TicketStatus.Answered, SupportStatus.Answered),
        (Proto.TicketStatus.Closed, SupportStatus.Closed));

    public static readonly EnumMap<Proto.TicketKind, TicketKind> Kinds = new(CommonErrors.EnumValueInvalid,
        (Proto.TicketKind.Request, TicketKind.Request),
        (Proto.TicketKind.Suggestion, TicketKind.Suggestion),
        (Proto.TicketKind.Announcement, TicketKind.Announcement));

    public static readonly EnumMap<Proto.TicketSide, SupportSide> Sides = new(CommonErrors.EnumValueInvalid,
        (Proto.TicketSide.Member, SupportSide.Member),
        (Proto.TicketSide.School, SupportSide.School),
        (Proto.TicketSide.District, SupportSide.District));

    public static readonly EnumMap<Proto.TicketScope, SupportScope> Scopes = new(CommonErrors.EnumValueInvalid,
        (Proto.TicketScope.Mine, SupportScope.Mine),
        (Proto.TicketScope.School, SupportScope.School),
        (Proto.TicketScope.District, SupportScope.District));

    public static Proto.Ticket ToProto(this TicketView t)
    {
        var ticket = new Proto.Ticket
        {
            TicketId = t.TicketId,
            SchoolId = t.SchoolId,
            RequesterId = t.RequesterId,
            RequesterName = t.RequesterName,
            Kind = Kinds.ToWire(t.Kind),
            Category = Categories.ToWire(t.Category),
            Subject = t.Subject,
            Status = Statuses.ToWire(t.Status),
            Escalated = t.Escalated,
            Version = t.Version,
            Messages = t.Messages,
            CreatedAt = t.CreatedAt.ToTimestamp(),
            UpdatedAt = t.UpdatedAt.ToTimestamp(),
        };
        if (t.FirstReplyAt is { } first) ticket.FirstReplyAt = first.ToTimestamp();
        if (t.ClosedAt is { } closed) ticket.ClosedAt = closed.ToTimestamp();
        return ticket;
    }

    public static Proto.TicketMessage ToProto(this TicketMessage m) => new()
    {
        Seq = m.Seq,
        AuthorId = m.AuthorId,
        AuthorName = m.AuthorName,
        Side = Sides.ToWire(m.Side),
        Body = m.Body,
        At = m.At.ToTimestamp(),
        AttachmentIds = { m.AttachmentIds },
    };
}
