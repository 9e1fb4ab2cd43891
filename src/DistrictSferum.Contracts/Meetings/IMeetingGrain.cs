namespace DistrictSferum.Contracts.Meetings;

/// <summary>
/// A meeting, online lesson or broadcast (key: meeting id; CHAT-9, ORG-13, ORG-17). It decides who organises it
/// and who may join, announces it, lets its audience in through the district's conferencing provider and records
/// attendance. Anyone outside its audience (and the school's supervisors) gets NOT_FOUND (DIS-1).
/// </summary>
[Alias("ds.IMeetingGrain")]
public interface IMeetingGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<MeetingView> Create(Actor actor, NewMeeting meeting);

    [Alias("Get")]
    Task<MeetingView> Get(Actor actor);

    /// <summary>Moves the meeting (all occurrences keep their weekday and time relative to the new start).</summary>
    [Alias("Reschedule")]
    Task<MeetingView> Reschedule(Actor actor, DateTimeOffset start, TimeSpan? duration);

    /// <summary>Cancels the whole meeting, or with <paramref name="occurrenceStart"/> one occurrence of a weekly series.</summary>
    [Alias("Cancel")]
    Task<MeetingView> Cancel(Actor actor, DateTimeOffset? occurrenceStart);

    /// <summary>ORG-13: starts now (a broadcast going on air early, or any meeting opened by its organiser).</summary>
    [Alias("Start")]
    Task<MeetingView> Start(Actor actor);

    /// <summary>ORG-13: ends the running occurrence now.</summary>
    [Alias("End")]
    Task<MeetingView> End(Actor actor);

    /// <summary>A personal join URL for an audience member; the join is recorded as attendance.</summary>
    [Alias("Join")]
    Task<JoinTicket> Join(Actor actor);

    /// <summary>ORG-17: the organiser and the school's supervisors see who joined.</summary>
    [Alias("Attendance")]
    Task<Page<AttendanceEntry>> Attendance(Actor actor, PageRequest page);
}

/// <summary>A member's calendar across their schools (key: user id).</summary>
[Alias("ds.IMemberCalendarGrain")]
public interface IMemberCalendarGrain : IGrainWithStringKey
{
    /// <summary>The actor's own meetings and broadcasts starting before <paramref name="until"/> that have not ended.</summary>
    [Alias("ListUpcoming")]
    Task<IReadOnlyList<UpcomingMeeting>> ListUpcoming(Actor actor, DateTimeOffset? until, int limit);

    /// <summary>A private iCalendar feed URL token; a new one replaces (revokes) the previous.</summary>
    /// <summary>With <paramref name="requestId"/> a retry answers the same token (issue 9).</summary>
    [Alias("CreateFeedOnce")]
    Task<CalendarFeed> CreateFeed(Actor actor, string? requestId);

    [Alias("RevokeFeed")]
    Task RevokeFeed(Actor actor);
}

/// <summary>ORG-17: every meeting and broadcast of a school (key: school id), for its supervisors.</summary>
[Alias("ds.ISchoolMeetingsGrain")]
public interface ISchoolMeetingsGrain : IGrainWithStringKey
{
    [Alias("List")]
    Task<Page<MeetingView>> List(Actor actor, PageRequest page);
}

/// <summary>Finds a calendar feed by its private token (the HTTP feed endpoint's only way in).</summary>
[Alias("ds.ICalendarFeedGrain")]
public interface ICalendarFeedGrain : IGrainWithIntegerKey
{
    /// <summary>The iCalendar text, or null for an unknown or revoked token.</summary>
    [Alias("Render")]
    Task<string?> Render(string token);
}
