using System.Globalization;
using DistrictSferum.Contracts.Meetings;

namespace DistrictSferum.Grains.Meetings;

/// <summary>How a meeting's notice reads in its chat (the school's language); the last line names the meeting.</summary>
public static class MeetingText
{
    public static string KindName(MeetingKind kind) => kind switch
    {
        MeetingKind.Call => "Звонок",
        MeetingKind.OnlineLesson => "Онлайн-урок",
        MeetingKind.ParentMeeting => "Родительское собрание",
        MeetingKind.TeachersCouncil => "Педагогический совет",
        MeetingKind.WorkMeeting => "Рабочее совещание",
        MeetingKind.Broadcast => "Трансляция",
        _ => "Встреча",
    };

    public static string Notice(MeetingNotice n)
    {
        var when = n.OccurrenceStart is { } s ? " " + Time(s) + (n.OccurrenceEnd is { } e ? "–" + e.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC" : "") : "";
        var what = n.Notice switch
        {
            MeetingNoticeKind.Created => "запланировано",
            MeetingNoticeKind.Rescheduled => "перенесено на",
            MeetingNoticeKind.Cancelled => "отменено",
            MeetingNoticeKind.OccurrenceCancelled => "не состоится",
            MeetingNoticeKind.Reminder => "скоро начнётся:",
            MeetingNoticeKind.Started => "началось",
            MeetingNoticeKind.Ended => "завершено",
            _ => "",
        };
        return $"{KindName(n.Kind)} «{n.Title}» — {what}{when}\nmeeting:{n.MeetingId}";
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
