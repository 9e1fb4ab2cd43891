namespace DistrictSferum.Contracts.Meetings;

/// <summary>What a meeting is (CHAT-9, ORG-13); the kind fixes who may organise it, for whom, and how many may join.</summary>
[GenerateSerializer, Alias("ds.MeetingKind")]
public enum MeetingKind
{
    Call = 0,
    OnlineLesson = 1,
    ParentMeeting = 2,
    TeachersCouncil = 3,
    WorkMeeting = 4,
    /// <summary>A school broadcast (трансляция, ORG-13): unlimited viewers.</summary>
    Broadcast = 5,
}

/// <summary>Whom a meeting is for.</summary>
[GenerateSerializer, Alias("ds.AudienceKind")]
public enum AudienceKind
{
    /// <summary>The members of one chat.</summary>
    Chat = 0,
    /// <summary>A class's students and/or parents (with the class's teachers).</summary>
    Class = 1,
    /// <summary>The school's staff: teachers, administrators, the director and deputies.</summary>
    Staff = 2,
    /// <summary>Every member of the school.</summary>
    School = 3,
}

[GenerateSerializer, Immutable, Alias("ds.MeetingAudience")]
public sealed record MeetingAudience(
    [property: Id(0)] AudienceKind Kind,
    [property: Id(1)] string? ChatId = null,
    [property: Id(2)] string? ClassId = null,
    [property: Id(3)] bool Students = false,
    [property: Id(4)] bool Parents = false)
{
    public static MeetingAudience OfChat(string chatId) => new(AudienceKind.Chat, ChatId: chatId);

    public static MeetingAudience OfClass(string classId, bool students, bool parents) => new(AudienceKind.Class, ClassId: classId, Students: students, Parents: parents);

    public static readonly MeetingAudience Staff = new(AudienceKind.Staff);

    public static readonly MeetingAudience WholeSchool = new(AudienceKind.School);
}

/// <summary>A meeting to plan. <see cref="WeeklyOccurrences"/> above 1 repeats it weekly (lessons).</summary>
[GenerateSerializer, Immutable, Alias("ds.NewMeeting")]
public sealed record NewMeeting(
    [property: Id(0)] string SchoolId,
    [property: Id(1)] MeetingKind Kind,
    [property: Id(2)] string Title,
    [property: Id(3)] string Agenda,
    [property: Id(4)] DateTimeOffset Start,
    [property: Id(5)] TimeSpan Duration,
    [property: Id(6)] MeetingAudience Audience,
    [property: Id(7)] int WeeklyOccurrences = 1,
    [property: Id(8)] string? QuestionsChatId = null,
    [property: Id(9)] string? StreamUrl = null);

[GenerateSerializer, Alias("ds.MeetingStatus")]
public enum MeetingStatus
{
    /// <summary>The next (or only) occurrence has not begun.</summary>
    Scheduled = 0,
    /// <summary>An occurrence is running now (by the clock, or a broadcast started early).</summary>
    Live = 1,
    /// <summary>Every occurrence is over (or a broadcast was ended).</summary>
    Ended = 2,
    Cancelled = 3,
}

/// <summary>A meeting as its audience sees it; the status is computed from the clock when read.</summary>
[GenerateSerializer, Immutable, Alias("ds.MeetingView")]
public sealed record MeetingView(
    [property: Id(0)] string MeetingId,
    [property: Id(1)] string SchoolId,
    [property: Id(2)] MeetingKind Kind,
    [property: Id(3)] string Title,
    [property: Id(4)] string Agenda,
    [property: Id(5)] string OrganizerId,
    [property: Id(6)] string OrganizerName,
    [property: Id(7)] MeetingAudience Audience,
    [property: Id(8)] DateTimeOffset Start,
    [property: Id(9)] TimeSpan Duration,
    [property: Id(10)] int WeeklyOccurrences,
    [property: Id(11)] IReadOnlyList<DateTimeOffset> CancelledOccurrences,
    [property: Id(12)] MeetingStatus Status,
    [property: Id(13)] DateTimeOffset? NextStart,
    [property: Id(14)] DateTimeOffset? NextEnd,
    [property: Id(15)] int? Capacity,
    [property: Id(16)] string? AnnouncementChatId,
    [property: Id(17)] string? QuestionsChatId,
    [property: Id(18)] DateTimeOffset CreatedAt,
    [property: Id(19)] DateTimeOffset? StartedAt,
    [property: Id(20)] DateTimeOffset? EndedAt,
    [property: Id(21)] long AttendanceCount = 0);

/// <summary>A personal, short-lived way in: a URL carrying the participant's own token.</summary>
[GenerateSerializer, Immutable, Alias("ds.JoinTicket")]
public sealed record JoinTicket(
    [property: Id(0)] string MeetingId,
    [property: Id(1)] string Url,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] bool Moderator,
    [property: Id(4)] DateTimeOffset OccurrenceStart);

/// <summary>One join (ORG-17): who took a join URL, in which role, when, for which occurrence.</summary>
[GenerateSerializer, Immutable, Alias("ds.AttendanceEntry")]
public sealed record AttendanceEntry(
    [property: Id(0)] string MeetingId,
    [property: Id(1)] DateTimeOffset OccurrenceStart,
    [property: Id(2)] string UserId,
    [property: Id(3)] string DisplayName,
    [property: Id(4)] string Role,
    [property: Id(5)] DateTimeOffset JoinedAt);

[GenerateSerializer, Alias("ds.MeetingNoticeKind")]
public enum MeetingNoticeKind
{
    Created = 0,
    Rescheduled = 1,
    Cancelled = 2,
    OccurrenceCancelled = 3,
    /// <summary>N minutes before an occurrence starts.</summary>
    Reminder = 4,
    Started = 5,
    Ended = 6,
}

/// <summary>A meeting's announcement, posted to its chat and to each audience member's Subscribe stream.</summary>
[GenerateSerializer, Immutable, Alias("ds.MeetingNotice")]
public sealed record MeetingNotice(
    [property: Id(0)] string MeetingId,
    [property: Id(1)] string SchoolId,
    [property: Id(2)] MeetingNoticeKind Notice,
    [property: Id(3)] MeetingKind Kind,
    [property: Id(4)] string Title,
    [property: Id(5)] DateTimeOffset? OccurrenceStart,
    [property: Id(6)] DateTimeOffset? OccurrenceEnd,
    [property: Id(7)] string ActorId,
    [property: Id(8)] DateTimeOffset At);

/// <summary>One occurrence in a member's calendar.</summary>
[GenerateSerializer, Immutable, Alias("ds.UpcomingMeeting")]
public sealed record UpcomingMeeting(
    [property: Id(0)] MeetingView Meeting,
    [property: Id(1)] DateTimeOffset Start,
    [property: Id(2)] DateTimeOffset End);

/// <summary>A new private calendar feed: the token is shown once; only its hash is stored.</summary>
[GenerateSerializer, Immutable, Alias("ds.CalendarFeed")]
public sealed record CalendarFeed([property: Id(0)] string Token, [property: Id(1)] DateTimeOffset CreatedAt);
