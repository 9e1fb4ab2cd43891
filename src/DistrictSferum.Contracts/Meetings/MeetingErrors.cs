namespace DistrictSferum.Contracts.Meetings;

/// <summary>
/// The error codes (google.rpc.ErrorInfo reasons) of meetings, broadcasts and calendars: stable, clients switch on them.
/// The catalogue of every code with its status and rules is generated into protos/ERRORS.md by a test.
/// </summary>
public static class MeetingErrors
{
    public const string AudienceInvalid = "AUDIENCE_INVALID";
    public const string CalendarNotFound = "CALENDAR_NOT_FOUND";
    public const string DurationInvalid = "DURATION_INVALID";
    public const string MeetingCancelled = "MEETING_CANCELLED";
    public const string MeetingExists = "MEETING_EXISTS";
    public const string MeetingFull = "MEETING_FULL";
    public const string MeetingIsSeries = "MEETING_IS_SERIES";
    public const string MeetingKindInvalid = "MEETING_KIND_INVALID";
    public const string MeetingLive = "MEETING_LIVE";
    public const string MeetingNotAllowed = "MEETING_NOT_ALLOWED";
    public const string MeetingNotFound = "MEETING_NOT_FOUND";
    public const string MeetingNotLive = "MEETING_NOT_LIVE";
    public const string MeetingNotOpen = "MEETING_NOT_OPEN";
    public const string MeetingOver = "MEETING_OVER";
    public const string NotASeries = "NOT_A_SERIES";
    public const string OccurrenceInvalid = "OCCURRENCE_INVALID";
    public const string QuestionsChatInvalid = "QUESTIONS_CHAT_INVALID";
    public const string RecurrenceInvalid = "RECURRENCE_INVALID";
    public const string StartInPast = "START_IN_PAST";
    public const string StreamUrlInvalid = "STREAM_URL_INVALID";
}
