using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Spectre.Console;

namespace DistrictSferum.Cli.Commands;

/// <summary>
/// How sferumctl shows meetings: <c>meeting create|show|list|join|reschedule|cancel|attendance|feed</c> and <c>broadcast plan|start|end</c>
/// (CHAT-9, ORG-13, ORG-17).
/// </summary>
internal static class MeetingView
{
    internal static void Show(CliOutput output, Meeting m, string? verb)
    {
        if (output.Json)
        {
            output.WriteJson(m);
            return;
        }

        output.Write(CliOutput.KeyValues([
            ("meeting", m.MeetingId), ("kind", KindName(m.Kind)), ("title", m.Title), ("status", StatusName(m.Status)),
            ("start", CliOutput.Time(m.Start)), ("minutes", ((int)m.Duration.ToTimeSpan().TotalMinutes).ToString()),
            ("weekly occurrences", m.WeeklyOccurrences.ToString()),
            ("cancelled weeks", string.Join(", ", m.CancelledOccurrences.Select(CliOutput.Time))),
            ("next", m.NextStart is null ? "—" : CliOutput.Time(m.NextStart)),
            ("audience", AudienceText(m.Audience)), ("organiser", m.OrganizerName),
            ("capacity", m.Capacity == 0 ? "unlimited" : m.Capacity.ToString()),
            ("announced in", m.AnnouncementChatId.Length == 0 ? "—" : m.AnnouncementChatId),
            ("joins", m.AttendanceCount == 0 ? "—" : m.AttendanceCount.ToString()),
        ]));
        if (verb is not null) output.Line($"{KindName(m.Kind)} {m.MeetingId} {verb}.");
    }

    internal static string KindName(MeetingKind kind) => kind switch
    {
        MeetingKind.Call => "call",
        MeetingKind.OnlineLesson => "lesson",
        MeetingKind.ParentMeeting => "parent-meeting",
        MeetingKind.TeachersCouncil => "council",
        MeetingKind.WorkMeeting => "work-meeting",
        MeetingKind.Broadcast => "broadcast",
        _ => "meeting",
    };

    internal static string StatusName(MeetingStatus status) => status switch
    {
        MeetingStatus.Scheduled => "scheduled",
        MeetingStatus.Live => "live",
        MeetingStatus.Ended => "ended",
        MeetingStatus.Cancelled => "cancelled",
        _ => "",
    };

    internal static string AudienceText(Audience a) => a.Kind switch
    {
        AudienceKind.Chat => "chat " + a.ChatId,
        AudienceKind.Class => $"class {a.ClassId}: " + string.Join(" and ", new[] { a.Students ? "students" : null, a.Parents ? "parents" : null }.OfType<string>()),
        AudienceKind.Staff => "staff",
        AudienceKind.School => "whole school",
        _ => "",
    };
}
