using DistrictSferum.Contracts.Meetings;

namespace DistrictSferum.Grains.Meetings;

/// <summary>
/// DIS-4: the usage metrics of meetings, one per kind of meeting (like moderation_&lt;action&gt;):
/// <c>meeting_planned_&lt;kind&gt;</c>, <c>meeting_held_&lt;kind&gt;</c> (seconds: the occurrence's length) and
/// <c>meeting_joined_&lt;kind&gt;</c>, e.g. <c>meeting_held_online_lesson</c>.
/// </summary>
public static class MeetingUsage
{
    public const string Planned = "meeting_planned";
    public const string Held = "meeting_held";
    public const string Joined = "meeting_joined";

    public static string Kind(string what, MeetingKind kind) => $"{what}_{KindName(kind)}";

    public static string KindName(MeetingKind kind) => kind switch
    {
        MeetingKind.Call => "call",
        MeetingKind.OnlineLesson => "online_lesson",
        MeetingKind.ParentMeeting => "parent_meeting",
        MeetingKind.TeachersCouncil => "teachers_council",
        MeetingKind.WorkMeeting => "work_meeting",
        MeetingKind.Broadcast => "broadcast",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
