using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Meetings;
using DistrictSferum.Gateway.Services;
using Google.Protobuf.WellKnownTypes;
using Proto = DistrictSferum.Protos.V1;

namespace DistrictSferum.Gateway.Meetings;

/// <summary>Meetings between the contract and the wire; enums only through the tables of <see cref="WireEnums"/>.</summary>
public static class MeetingMapping
{
    public static MeetingKind ToContract(this Proto.MeetingKind kind) => WireEnums.MeetingKinds.ToDomain(kind, "kind");

    public static MeetingAudience ToContract(this Proto.Audience? audience)
    {
        if (audience is null) throw DomainException.InvalidField("audience", CommonErrors.FieldRequired, "audience is required.", Contracts.Rules.Chat9);
        return new MeetingAudience(WireEnums.AudienceKinds.ToDomain(audience.Kind, "audience.kind"), Empty(audience.ChatId), Empty(audience.ClassId),
            audience.Students, audience.Parents);
    }

    public static Proto.Meeting ToProto(this MeetingView m)
    {
        var proto = new Proto.Meeting
        {
            MeetingId = m.MeetingId,
            SchoolId = m.SchoolId,
            Kind = WireEnums.MeetingKinds.ToWire(m.Kind),
            Title = m.Title,
            Agenda = m.Agenda,
            OrganizerId = m.OrganizerId,
            OrganizerName = m.OrganizerName,
            Audience = new Proto.Audience
            {
                Kind = WireEnums.AudienceKinds.ToWire(m.Audience.Kind),
                ChatId = m.Audience.ChatId ?? "",
                ClassId = m.Audience.ClassId ?? "",
                Students = m.Audience.Students,
                Parents = m.Audience.Parents,
            },
            Start = m.Start.ToTimestamp(),
            Duration = Duration.FromTimeSpan(m.Duration),
            WeeklyOccurrences = m.WeeklyOccurrences,
            Status = WireEnums.MeetingStatuses.ToWire(m.Status),
            Capacity = m.Capacity ?? 0,
            AnnouncementChatId = m.AnnouncementChatId ?? "",
            QuestionsChatId = m.QuestionsChatId ?? "",
            CreatedAt = m.CreatedAt.ToTimestamp(),
            AttendanceCount = m.AttendanceCount,
        };
        proto.CancelledOccurrences.AddRange(m.CancelledOccurrences.Select(t => t.ToTimestamp()));
        if (m.NextStart is { } ns) proto.NextStart = ns.ToTimestamp();
        if (m.NextEnd is { } ne) proto.NextEnd = ne.ToTimestamp();
        if (m.StartedAt is { } sa) proto.StartedAt = sa.ToTimestamp();
        if (m.EndedAt is { } ea) proto.EndedAt = ea.ToTimestamp();
        return proto;
    }

    public static Proto.AttendanceEntry ToProto(this AttendanceEntry e) => new()
    {
        OccurrenceStart = e.OccurrenceStart.ToTimestamp(),
        UserId = e.UserId,
        DisplayName = e.DisplayName,
        Role = e.Role,
        JoinedAt = e.JoinedAt.ToTimestamp(),
    };

    public static Proto.MeetingNotice ToProto(this MeetingNotice n)
    {
        var proto = new Proto.MeetingNotice
        {
            MeetingId = n.MeetingId,
            SchoolId = n.SchoolId,
            Notice = WireEnums.MeetingNoticeKinds.ToWire(n.Notice),
            Kind = WireEnums.MeetingKinds.ToWire(n.Kind),
            Title = n.Title,
            ActorId = n.ActorId,
            At = n.At.ToTimestamp(),
        };
        if (n.OccurrenceStart is { } s) proto.OccurrenceStart = s.ToTimestamp();
        if (n.OccurrenceEnd is { } e) proto.OccurrenceEnd = e.ToTimestamp();
        return proto;
    }

    public static DateTimeOffset Required(Timestamp? t, string field) =>
        t.ToRequiredInstant(field);

    private static string? Empty(string s) => s.Length == 0 ? null : s;
}
