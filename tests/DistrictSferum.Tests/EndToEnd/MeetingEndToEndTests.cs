using System.Net;
using DistrictSferum.Grains.Meetings;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ical.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>One server whose district uses Jitsi and a capacity of 3 (so a test need not sign in 101 people), statistics with k = 3.</summary>
public sealed class MeetingServerFixture : IAsyncLifetime
{
    public const string JitsiSecret = "jitsi-secret-of-the-test-district-0123456789";

    public ServerHost Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = await SharedPostgres.GetAsync();
        Server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("meetings"), settings: new Dictionary<string, string?>
        {
            ["Meetings:Provider"] = "Jitsi",
            ["Meetings:Jitsi:BaseUrl"] = "https://meet.district.example",
            ["Meetings:Jitsi:AppId"] = "district-sferum",
            ["Meetings:Jitsi:AppSecret"] = JitsiSecret,
            ["Meetings:Capacity"] = "3",
            // The smallest k the server accepts, so three organisers are enough for a visible statistic (DIS-4).
            ["Statistics:K"] = "3",
        });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Calls, lessons, meetings and broadcasts through gRPC (CHAT-9, ORG-13, ORG-17).</summary>
public sealed class MeetingEndToEndTests(MeetingServerFixture fixture) : IClassFixture<MeetingServerFixture>
{
    private ServerHost Server => fixture.Server;

    private DateTimeOffset Now => Server.Clock.GetUtcNow();

    private static Timestamp At(DateTimeOffset t) => Timestamp.FromDateTimeOffset(t);

    private async Task<Meeting> PlanAsync(Session organiser, SchoolScenario school, MeetingKind kind, Audience audience, DateTimeOffset start, int weeks = 1, string title = "Алгебра") =>
        (await organiser.Meetings.CreateMeetingAsync(new CreateMeetingRequest
        {
            SchoolId = school.SchoolId,
            Kind = kind,
            Title = title,
            Agenda = "Дроби",
            Start = At(start),
            Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(45)),
            Audience = audience,
            WeeklyOccurrences = weeks,
        })).Meeting;

    /// <summary>Stands in for the Orleans reminder firing (it runs on the real clock; the rules' clock is fake here).</summary>
    private Task<DateTimeOffset?> TickAsync(string meetingId) =>
        Server.Services.GetRequiredService<IGrainFactory>().GetGrain<IMeetingClock>(meetingId).Tick();

    private static List<string> NoticesIn(StreamRecorder stream, string chatId) =>
        stream.EventsOf(chatId).Where(e => e.Kind == ChatEventKind.MeetingNotice).Select(e => e.Body).ToList();

    [Fact]
    public async Task CHAT_9_DIS_1_a_lesson_in_a_subject_chat_lets_its_members_in_with_personal_jitsi_tokens_and_nobody_else()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.Subject, [school.Students[0]]);
        var other = await SchoolScenario.CreateAsync(Server, students: 0);
        var lesson = await PlanAsync(school.Teacher, school, MeetingKind.OnlineLesson, new Audience { Kind = AudienceKind.Chat, ChatId = chat.ChatId }, Now.AddMinutes(5));

        var ticket = await school.Students[0].Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = lesson.MeetingId });

        var token = new JsonWebToken(new Uri(ticket.Url).Query["?jwt=".Length..]);
        Assert.Equal(school.Students[0].UserId, System.Text.Json.JsonDocument.Parse(token.GetClaim("context").Value).RootElement.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal(lesson.Start.ToDateTimeOffset().AddMinutes(45).ToUnixTimeSeconds(), long.Parse(token.GetClaim("exp").Value));
        Assert.False(ticket.Moderator);
        Assert.Matches("^sferum-[0-9a-f]{32}$", token.GetClaim("room").Value);
        Assert.True((await school.Teacher.Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = lesson.MeetingId })).Moderator);
        // Outsiders: another school's administrator, and a student of the school who is not in the chat.
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Admin.Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = lesson.MeetingId }), "MEETING_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Admin.Meetings.GetMeetingAsync(new GetMeetingRequest { MeetingId = lesson.MeetingId }), "MEETING_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Students[1].Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = lesson.MeetingId }), "MEETING_NOT_FOUND", "DIS-1");
        // Only teachers organise lessons; a student's attempt changes nothing.
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => PlanAsync(school.Students[0], school, MeetingKind.Call, new Audience { Kind = AudienceKind.Chat, ChatId = chat.ChatId }, Now.AddHours(1)), "MEETING_NOT_ALLOWED", "CHAT-9");
        var unverified = await school.AddTeacherAsync(verified: false);
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => PlanAsync(unverified, school, MeetingKind.TeachersCouncil, new Audience { Kind = AudienceKind.Staff }, Now.AddHours(1)), "MEETING_NOT_ALLOWED", "CHAT-9");
    }

    [Fact]
    public async Task CHAT_9_a_call_takes_at_most_its_capacity_a_rejoin_takes_no_second_place_and_attendance_is_recorded()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 3);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var call = await PlanAsync(school.Teacher, school, MeetingKind.Call, new Audience { Kind = AudienceKind.Chat, ChatId = chat.ChatId }, Now.AddMinutes(1));
        foreach (var s in school.Students) await s.Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = call.MeetingId });
        await school.Students[0].Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = call.MeetingId });

        await RpcAssert.Fails(StatusCode.ResourceExhausted, () => school.Teacher.Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = call.MeetingId }), "MEETING_FULL", "CHAT-9");

        var attendance = await school.Teacher.Meetings.ListMeetingAttendanceAsync(new ListMeetingAttendanceRequest { MeetingId = call.MeetingId });
        Assert.Equal(4, attendance.Entries.Count);
        Assert.All(attendance.Entries, e => Assert.Equal("student", e.Role));
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => school.Students[0].Meetings.ListMeetingAttendanceAsync(new ListMeetingAttendanceRequest { MeetingId = call.MeetingId }), "MEETING_NOT_ALLOWED", "CHAT-9");
    }

    [Fact]
    public async Task CHAT_9_reminders_announce_15_minutes_before_and_at_the_start_and_a_lost_reminder_never_leaves_it_upcoming()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var start = Now.AddHours(2);
        var lesson = await PlanAsync(school.Teacher, school, MeetingKind.OnlineLesson, new Audience { Kind = AudienceKind.Chat, ChatId = chat.ChatId }, start);
        await using var stream = StreamRecorder.Open(school.Students[0], (chat.ChatId, 0));
        await stream.UntilAsync(s => NoticesIn(s, chat.ChatId).Count == 1);

        Assert.Equal(start.AddMinutes(-15), await TickAsync(lesson.MeetingId));
        Server.Clock.SetUtcNow(start.AddMinutes(-16));
        Assert.Equal(start.AddMinutes(-15), await TickAsync(lesson.MeetingId));
        Server.Clock.SetUtcNow(start.AddMinutes(-15));
        Assert.Equal(start, await TickAsync(lesson.MeetingId));
        await stream.UntilAsync(s => NoticesIn(s, chat.ChatId).Count == 2);
        Assert.Contains("скоро начнётся", NoticesIn(stream, chat.ChatId)[1]);
        Server.Clock.SetUtcNow(start);
        await TickAsync(lesson.MeetingId);
        await stream.UntilAsync(s => NoticesIn(s, chat.ChatId).Count == 3);
        Assert.Contains("началось", NoticesIn(stream, chat.ChatId)[2]);
        Assert.EndsWith("meeting:" + lesson.MeetingId, NoticesIn(stream, chat.ChatId)[2]);

        // No reminder fires at the end: reading it is enough to see it is over.
        Server.Clock.SetUtcNow(start.AddHours(1));
        var over = (await school.Students[0].Meetings.GetMeetingAsync(new GetMeetingRequest { MeetingId = lesson.MeetingId })).Meeting;
        Assert.Equal(MeetingStatus.Ended, over.Status);
        Assert.Null(over.NextStart);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Students[0].Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = lesson.MeetingId }), "MEETING_OVER");
        Assert.DoesNotContain((await school.Students[0].Meetings.ListUpcomingAsync(new ListUpcomingRequest())).Occurrences, o => o.Meeting.MeetingId == lesson.MeetingId);
    }

    [Fact]
    public async Task CHAT_9_a_weekly_lesson_with_a_cancelled_week_and_a_rescheduled_meeting_notify_the_audience()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var start = Now.AddDays(1);
        var series = await PlanAsync(school.Teacher, school, MeetingKind.OnlineLesson, new Audience { Kind = AudienceKind.Chat, ChatId = chat.ChatId }, start, weeks: 3);
        await using var stream = StreamRecorder.Open(school.Students[0], (chat.ChatId, 0));

        var cancelled = (await school.Teacher.Meetings.CancelMeetingAsync(new CancelMeetingRequest { MeetingId = series.MeetingId, OccurrenceStart = At(start.AddDays(7)) })).Meeting;

        Assert.Equal([start.AddDays(7)], cancelled.CancelledOccurrences.Select(t => t.ToDateTimeOffset()));
        var upcoming = (await school.Students[0].Meetings.ListUpcomingAsync(new ListUpcomingRequest())).Occurrences.Where(o => o.Meeting.MeetingId == series.MeetingId);
        Assert.Equal([start, start.AddDays(14)], upcoming.Select(o => o.Start.ToDateTimeOffset()));

        var call = await PlanAsync(school.Teacher, school, MeetingKind.Call, new Audience { Kind = AudienceKind.Chat, ChatId = chat.ChatId }, start.AddHours(3));
        await school.Teacher.Meetings.RescheduleMeetingAsync(new RescheduleMeetingRequest { MeetingId = call.MeetingId, Start = At(start.AddHours(5)) });
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Admin.Meetings.RescheduleMeetingAsync(new RescheduleMeetingRequest { MeetingId = "nosuchmeeting", Start = At(start) }), "MEETING_NOT_FOUND");
        await school.Teacher.Meetings.CancelMeetingAsync(new CancelMeetingRequest { MeetingId = call.MeetingId });

        await stream.UntilAsync(s => NoticesIn(s, chat.ChatId).Count == 5);
        var notices = NoticesIn(stream, chat.ChatId);
        Assert.Contains("не состоится", notices[1]);
        Assert.Contains("перенесено на " + start.AddHours(5).UtcDateTime.ToString("yyyy-MM-dd HH:mm"), notices[3]);
        Assert.Contains("отменено", notices[4]);
        Assert.Equal(MeetingStatus.Cancelled, (await school.Students[0].Meetings.GetMeetingAsync(new GetMeetingRequest { MeetingId = call.MeetingId })).Meeting.Status);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Students[0].Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = call.MeetingId }), "MEETING_CANCELLED");
    }

    [Fact]
    public async Task ORG_13_ORG_17_a_broadcast_is_planned_announced_started_and_ended_early_and_the_director_sees_every_meeting_with_attendance()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2, parents: 1);
        var start = Now.AddHours(3);
        await using var parentStream = StreamRecorder.Open(school.Parents[0]);

        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => PlanAsync(school.Teacher, school, MeetingKind.Broadcast, new Audience { Kind = AudienceKind.School }, start), "MEETING_NOT_ALLOWED", "ORG-13");
        var broadcast = await PlanAsync(school.Admin, school, MeetingKind.Broadcast, new Audience { Kind = AudienceKind.School }, start, title: "Линейка");

        Assert.Equal(0, broadcast.Capacity);
        Assert.NotEmpty(broadcast.AnnouncementChatId);
        await parentStream.UntilAsync(_ => Notices(parentStream).Any(n => n.MeetingId == broadcast.MeetingId && n.Notice == MeetingNoticeKind.Created));
        Assert.Contains((await school.Students[1].Meetings.ListUpcomingAsync(new ListUpcomingRequest())).Occurrences, o => o.Meeting.MeetingId == broadcast.MeetingId);
        // The school channel carries it (ORG-12: every member may read the channel).
        var channel = (await school.Students[0].Chats.GetChatAsync(new GetChatRequest { ChatId = broadcast.AnnouncementChatId })).Chat;
        Assert.Equal(ChatKind.SchoolChannel, channel.Kind);

        var live = (await school.Admin.Meetings.StartMeetingAsync(new StartMeetingRequest { MeetingId = broadcast.MeetingId })).Meeting;
        Assert.Equal(MeetingStatus.Live, live.Status);
        foreach (var viewer in school.Students.Concat(school.Parents))
            await viewer.Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = broadcast.MeetingId });
        await school.Teacher.Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = broadcast.MeetingId }); // beyond 3: broadcasts are unlimited
        Server.Clock.Advance(TimeSpan.FromMinutes(20));
        var ended = (await school.Admin.Meetings.EndMeetingAsync(new EndMeetingRequest { MeetingId = broadcast.MeetingId })).Meeting;
        Assert.Equal(MeetingStatus.Ended, ended.Status);
        await parentStream.UntilAsync(_ => Notices(parentStream).Any(n => n.MeetingId == broadcast.MeetingId && n.Notice == MeetingNoticeKind.Ended));

        // ORG-17: the administration lists every meeting of the school with attendance; teachers do not.
        var listed = await school.Admin.Meetings.ListSchoolMeetingsAsync(new ListSchoolMeetingsRequest { SchoolId = school.SchoolId });
        Assert.Equal(4, listed.Meetings.Single(m => m.MeetingId == broadcast.MeetingId).AttendanceCount);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Teacher.Meetings.ListSchoolMeetingsAsync(new ListSchoolMeetingsRequest { SchoolId = school.SchoolId }), "NOT_SUPERVISOR", "ORG-17");
        var other = await SchoolScenario.CreateAsync(Server, students: 0);
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Admin.Meetings.ListSchoolMeetingsAsync(new ListSchoolMeetingsRequest { SchoolId = school.SchoolId }), "SCHOOL_NOT_FOUND", "DIS-1");

        // Statistics (DIS-4): the broadcast was held for 20 minutes, organised by an administrator.
        // Statistics (DIS-4): durable facts in usage_events, written from the grain's outbox with its state: the
        // broadcast was planned and held for 20 minutes by staff (an administrator), 4 people joined; no user id.
        var facts = await UsageFactsAsync(school.SchoolId);
        Assert.Contains(("meeting_planned_broadcast", "staff", 0.0), facts);
        Assert.Contains(("meeting_held_broadcast", "staff", 1200.0), facts);
        Assert.Equal(4, facts.Count(f => f.Kind == "meeting_joined_broadcast"));
        Assert.Equal(["parent", "student", "student", "teacher"], facts.Where(f => f.Kind == "meeting_joined_broadcast").Select(f => f.Role).Order());
        await TickAsync(broadcast.MeetingId); // looking again counts nothing twice
        Assert.Single(await UsageFactsAsync(school.SchoolId), f => f.Kind == "meeting_held_broadcast");
    }

    [Fact]
    public async Task CHAT_9_a_parent_meeting_and_a_teachers_council_reach_their_audiences_and_the_calendar_feed_parses()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1, parents: 1);
        var start = Now.AddDays(2);
        start = start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond)); // iCalendar times are to the second
        var parents = await PlanAsync(school.Teacher, school, MeetingKind.ParentMeeting,
            new Audience { Kind = AudienceKind.Class, ClassId = school.ClassId, Parents = true }, start, title: "Собрание 6А; итоги четверти");
        var director = await school.AddTeacherAsync();
        await school.Admin.Members.SetManagementRoleAsync(new SetManagementRoleRequest { SchoolId = school.SchoolId, UserId = director.UserId, Role = SchoolRole.Director, Holds = true });
        var council = await PlanAsync(director, school, MeetingKind.TeachersCouncil, new Audience { Kind = AudienceKind.Staff }, start.AddHours(2), title: "Педсовет");

        Assert.Contains((await school.Parents[0].Meetings.ListUpcomingAsync(new ListUpcomingRequest())).Occurrences, o => o.Meeting.MeetingId == parents.MeetingId);
        Assert.DoesNotContain((await school.Parents[0].Meetings.ListUpcomingAsync(new ListUpcomingRequest())).Occurrences, o => o.Meeting.MeetingId == council.MeetingId);
        Assert.DoesNotContain((await school.Students[0].Meetings.ListUpcomingAsync(new ListUpcomingRequest())).Occurrences, o => o.Meeting.MeetingId == parents.MeetingId);
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Students[0].Meetings.GetMeetingAsync(new GetMeetingRequest { MeetingId = parents.MeetingId }), "MEETING_NOT_FOUND", "DIS-1");
        var teacherCalendar = (await school.Teacher.Meetings.ListUpcomingAsync(new ListUpcomingRequest())).Occurrences.Select(o => o.Meeting.MeetingId).ToList();
        Assert.Contains(parents.MeetingId, teacherCalendar);
        Assert.Contains(council.MeetingId, teacherCalendar);

        var feed = await school.Teacher.Meetings.CreateCalendarFeedAsync(new CreateCalendarFeedRequest());
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Server.HealthPort}") };
        var response = await http.GetAsync(feed.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var calendar = Calendar.Load(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(["Педагогический совет: Педсовет", "Родительское собрание: Собрание 6А; итоги четверти"], calendar.Events.Select(e => e.Summary).Order().ToList());
        Assert.Equal(start.UtcDateTime, calendar.Events.Single(e => e.Uid == parents.MeetingId + "@district-sferum").Start!.AsUtc);

        await school.Teacher.Meetings.RevokeCalendarFeedAsync(new RevokeCalendarFeedRequest());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(feed.Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/calendar/" + new string('x', 43) + ".ics")).StatusCode);
    }

    [Fact]
    public async Task ORG_13_a_broadcast_with_a_stream_url_gives_viewers_the_stream_and_names_its_questions_chat()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var other = await SchoolScenario.CreateAsync(Server, students: 0);
        var questions = await school.ChatAsync(school.Teacher, ChatKind.Subject, school.Students, title: "Вопросы к линейке");
        var foreign = await other.ChatAsync(other.Teacher, ChatKind.Subject, [], title: "Чужой чат");
        CreateMeetingRequest Plan(string questionsChatId) => new()
        {
            SchoolId = school.SchoolId,
            Kind = MeetingKind.Broadcast,
            Title = "Линейка",
            Start = At(Now.AddMinutes(5)),
            Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)),
            Audience = new Audience { Kind = AudienceKind.School },
            StreamUrl = "https://tv.district.example/live/school",
            QuestionsChatId = questionsChatId,
        };

        await RpcAssert.Fails(StatusCode.NotFound, () => school.Admin.Meetings.CreateMeetingAsync(Plan(foreign.ChatId)), "CHAT_NOT_FOUND", "DIS-1");
        var broadcast = (await school.Admin.Meetings.CreateMeetingAsync(Plan(questions.ChatId))).Meeting;

        Assert.Equal(questions.ChatId, broadcast.QuestionsChatId);
        var viewer = await school.Students[0].Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = broadcast.MeetingId });
        Assert.Equal("https://tv.district.example/live/school", viewer.Url);
        Assert.False(viewer.Moderator);
        // The administration and teachers run the broadcast from the conference room, with their own tokens.
        var host = await school.Admin.Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = broadcast.MeetingId });
        Assert.True(host.Moderator);
        Assert.StartsWith("https://meet.district.example/sferum-", host.Url);
        Assert.Contains("?jwt=", host.Url);
    }

    [Fact]
    public async Task DIS_4_a_usage_write_postgres_refuses_keeps_the_fact_in_the_meetings_outbox_and_the_next_access_records_it_once()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        await using var db = Npgsql.NpgsqlDataSource.Create(Server.ConnectionString);
        // PostgreSQL refuses this school's meeting facts for a while (a trigger stands in for an outage of usage_events).
        var trigger = "refuse_usage_" + school.SchoolId;
        await using (var refuse = db.CreateCommand($"""
            CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'usage_events unavailable'; END $$;
            CREATE TRIGGER {trigger} BEFORE INSERT ON usage_events FOR EACH ROW
              WHEN (NEW.school_id = '{school.SchoolId}') EXECUTE FUNCTION {trigger}();
            """))
            await refuse.ExecuteNonQueryAsync();

        var call = await PlanAsync(school.Teacher, school, MeetingKind.Call, new Audience { Kind = AudienceKind.Chat, ChatId = chat.ChatId }, Now.AddMinutes(5));
        await school.Students[0].Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = call.MeetingId });

        // The commands succeeded; their facts wait in the grain's outbox, none reached usage_events.
        Assert.Empty(await UsageFactsAsync(school.SchoolId));
        await using (var restore = db.CreateCommand($"DROP TRIGGER {trigger} ON usage_events; DROP FUNCTION {trigger}();"))
            await restore.ExecuteNonQueryAsync();

        await school.Students[0].Meetings.GetMeetingAsync(new GetMeetingRequest { MeetingId = call.MeetingId });
        await TickAsync(call.MeetingId);
        await school.Teacher.Meetings.GetMeetingAsync(new GetMeetingRequest { MeetingId = call.MeetingId });

        Assert.Equal([("meeting_planned_call", "teacher", 0.0), ("meeting_joined_call", "student", 0.0)], await UsageFactsAsync(school.SchoolId));
    }

    [Fact]
    public async Task CHAT_9_a_notice_the_chat_could_not_take_stays_queued_with_the_meeting_and_is_posted_once_on_the_next_access()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        await using var db = Npgsql.NpgsqlDataSource.Create(Server.ConnectionString);
        // The chat's log refuses every new event for a while (a trigger stands in for the chat being unreachable).
        var trigger = "refuse_chat_" + chat.ChatId;
        await using (var refuse = db.CreateCommand($"""
            CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'chat log unavailable'; END $$;
            CREATE TRIGGER {trigger} BEFORE INSERT ON chat_events FOR EACH ROW
              WHEN (NEW.chat_id = '{chat.ChatId}') EXECUTE FUNCTION {trigger}();
            """))
            await refuse.ExecuteNonQueryAsync();

        var call = await PlanAsync(school.Teacher, school, MeetingKind.Call, new Audience { Kind = AudienceKind.Chat, ChatId = chat.ChatId }, Now.AddHours(5));

        // The meeting was planned (and is in the calendar) though its notice could not be posted yet.
        Assert.Contains((await school.Students[0].Meetings.ListUpcomingAsync(new ListUpcomingRequest())).Occurrences, o => o.Meeting.MeetingId == call.MeetingId);
        Assert.Empty(await NoticesInLogAsync(school.Teacher, chat.ChatId));
        await using (var restore = db.CreateCommand($"DROP TRIGGER {trigger} ON chat_events; DROP FUNCTION {trigger}();"))
            await restore.ExecuteNonQueryAsync();

        await school.Students[0].Meetings.GetMeetingAsync(new GetMeetingRequest { MeetingId = call.MeetingId });
        await TickAsync(call.MeetingId);
        await school.Teacher.Meetings.GetMeetingAsync(new GetMeetingRequest { MeetingId = call.MeetingId });

        var notices = await NoticesInLogAsync(school.Teacher, chat.ChatId);
        Assert.Single(notices);
        Assert.EndsWith("meeting:" + call.MeetingId, notices[0]);
    }

    private static async Task<List<string>> NoticesInLogAsync(Session member, string chatId) =>
        (await member.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chatId })).Events
            .Where(e => e.Kind == ChatEventKind.MeetingNotice).Select(e => e.Body).ToList();

    [Fact]
    public async Task CHAT_9_bad_requests_name_the_field_and_refused_meetings_leave_nothing_behind()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var audience = new Audience { Kind = AudienceKind.Chat, ChatId = chat.ChatId };
        CreateMeetingRequest Request(Action<CreateMeetingRequest> change)
        {
            var r = new CreateMeetingRequest
            {
                SchoolId = school.SchoolId,
                Kind = MeetingKind.Call,
                Title = "Консультация",
                Start = At(Now.AddHours(1)),
                Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(30)),
                Audience = audience.Clone(),
            };
            change(r);
            return r;
        }

        await RpcAssert.FailsOnField(() => school.Teacher.Meetings.CreateMeetingAsync(Request(r => r.Kind = MeetingKind.Unspecified)), "kind", "FIELD_REQUIRED");
        await RpcAssert.FailsOnField(() => school.Teacher.Meetings.CreateMeetingAsync(Request(r => r.Kind = (MeetingKind)42)), "kind", "MEETING_KIND_INVALID");
        await RpcAssert.FailsOnField(() => school.Teacher.Meetings.CreateMeetingAsync(Request(r => r.Audience.Kind = AudienceKind.Unspecified)), "audience.kind", "FIELD_REQUIRED");
        await RpcAssert.FailsOnField(() => school.Teacher.Meetings.CreateMeetingAsync(Request(r => r.Audience.Kind = AudienceKind.Staff)), "audience.kind", "AUDIENCE_INVALID", "CHAT-9");
        await RpcAssert.FailsOnField(() => school.Teacher.Meetings.CreateMeetingAsync(Request(r => r.Duration = Duration.FromTimeSpan(TimeSpan.FromHours(9)))), "duration", "DURATION_INVALID", "CHAT-9");
        await RpcAssert.FailsOnField(() => school.Teacher.Meetings.CreateMeetingAsync(Request(r => r.Start = At(Now.AddHours(-2)))), "start", "START_IN_PAST", "CHAT-9");
        await RpcAssert.FailsOnField(() => school.Teacher.Meetings.CreateMeetingAsync(Request(r => r.WeeklyOccurrences = 3)), "weekly_occurrences", "RECURRENCE_INVALID", "CHAT-9");
        await RpcAssert.FailsOnField(() => school.Teacher.Meetings.CreateMeetingAsync(Request(r => r.StreamUrl = "https://tv.example/live")), "stream_url", "STREAM_URL_INVALID", "ORG-13");
        await RpcAssert.FailsOnField(() => school.Teacher.Meetings.CreateMeetingAsync(Request(r => r.Title = "")), "title", "FIELD_REQUIRED", "CHAT-9");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Students[0].Meetings.CreateMeetingAsync(Request(_ => { })), "MEETING_NOT_ALLOWED", "CHAT-9");

        // Nothing was planned, announced or counted by any of them.
        Assert.Empty((await school.Admin.Meetings.ListSchoolMeetingsAsync(new ListSchoolMeetingsRequest { SchoolId = school.SchoolId })).Meetings);
        Assert.Empty((await school.Students[0].Meetings.ListUpcomingAsync(new ListUpcomingRequest())).Occurrences);
        Assert.Empty(await UsageFactsAsync(school.SchoolId));
        var history = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        Assert.DoesNotContain(history.Events, e => e.Kind == ChatEventKind.MeetingNotice);
    }

    [Fact]
    public async Task CHAT_9_ORG_13_the_calendar_lists_a_members_meetings_and_broadcasts_across_their_schools_in_time_order()
    {
        var first = await SchoolScenario.CreateAsync(Server, students: 1);
        var second = await SchoolScenario.CreateAsync(Server, students: 1);
        var teacher = first.Teacher;
        await second.AdmitTeacherAsync(teacher);
        var chat = await first.ChatAsync(teacher, ChatKind.ClassStudents, first.Students);
        var lesson = await PlanAsync(teacher, first, MeetingKind.OnlineLesson, new Audience { Kind = AudienceKind.Chat, ChatId = chat.ChatId }, Now.AddDays(3));
        var broadcast = await PlanAsync(second.Admin, second, MeetingKind.Broadcast, new Audience { Kind = AudienceKind.School }, Now.AddDays(1), title: "Линейка");
        var council = await PlanAsync(second.Admin, second, MeetingKind.TeachersCouncil, new Audience { Kind = AudienceKind.Staff }, Now.AddDays(2), title: "Педсовет");

        var mine = (await teacher.Meetings.ListUpcomingAsync(new ListUpcomingRequest())).Occurrences;

        Assert.Equal([broadcast.MeetingId, council.MeetingId, lesson.MeetingId], mine.Select(o => o.Meeting.MeetingId));
        Assert.Equal([second.SchoolId, second.SchoolId, first.SchoolId], mine.Select(o => o.Meeting.SchoolId));
        // A student of the first school sees the lesson but nothing of the second school.
        Assert.Equal([lesson.MeetingId], (await first.Students[0].Meetings.ListUpcomingAsync(new ListUpcomingRequest())).Occurrences.Select(o => o.Meeting.MeetingId));
        await RpcAssert.Fails(StatusCode.NotFound, () => first.Students[0].Meetings.GetMeetingAsync(new GetMeetingRequest { MeetingId = broadcast.MeetingId }), "MEETING_NOT_FOUND", "DIS-1");
        // until bounds the window.
        var tomorrow = (await teacher.Meetings.ListUpcomingAsync(new ListUpcomingRequest { Until = At(Now.AddDays(1).AddHours(1)) })).Occurrences;
        Assert.Equal([broadcast.MeetingId], tomorrow.Select(o => o.Meeting.MeetingId));
    }

    [Fact]
    public async Task DIS_4_CHAT_9_statistics_count_calls_held_and_their_minutes_by_role_once_k_organisers_are_behind_them()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        List<Session> teachers = [school.Teacher, await school.AddTeacherAsync(), await school.AddTeacherAsync()];
        var start = Now.AddMinutes(2);
        var calls = new List<Meeting>();
        foreach (var teacher in teachers)
        {
            var chat = await school.ChatAsync(teacher, ChatKind.Subject, school.Students);
            var call = await PlanAsync(teacher, school, MeetingKind.Call, new Audience { Kind = AudienceKind.Chat, ChatId = chat.ChatId }, start);
            await school.Students[0].Meetings.JoinMeetingAsync(new JoinMeetingRequest { MeetingId = call.MeetingId });
            calls.Add(call);
        }

        Server.Clock.Advance(TimeSpan.FromMinutes(50));
        foreach (var call in calls) await TickAsync(call.MeetingId);

        // The school's aggregator folds usage_events into its cells; the director's view of the hour, by role.
        var query = new QueryUsageRequest
        {
            SchoolId = school.SchoolId,
            From = At(start.AddHours(-1)),
            To = At(start.AddHours(1)),
            Bucket = UsageBucket.Hour,
            GroupBy = { UsageDimension.Role },
            Metrics = { "meeting_held_call", "meeting_planned_call", "meeting_joined_call" },
        };
        var stats = new StatisticsService.StatisticsServiceClient(school.Admin.Invoker);
        UsageCell? held = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (held is null && DateTime.UtcNow < deadline)
        {
            held = (await stats.QueryUsageAsync(query)).Cells.SingleOrDefault(c => c is { Metric: "meeting_held_call", Role: "teacher", Suppressed: false });
            if (held is null) await Task.Delay(100);
        }

        Assert.NotNull(held);
        Assert.Equal(3, held.Value);
        Assert.Equal(3 * 45 * 60, held.Seconds);
        var cells = (await stats.QueryUsageAsync(query)).Cells;
        Assert.Contains(cells, c => c is { Metric: "meeting_planned_call", Role: "teacher", Value: 3, Suppressed: false });
        // One student joined all three: fewer than k people behind the cell, so it shows no value (DIS-4).
        Assert.Contains(cells, c => c is { Metric: "meeting_joined_call", Role: "student", Value: 0, Suppressed: true });
    }

    private static List<Protos.V1.MeetingNotice> Notices(StreamRecorder stream) => stream.MeetingNotices.ToList();

    private async Task<List<(string Kind, string Role, double Seconds)>> UsageFactsAsync(string schoolId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT kind, role, seconds FROM usage_events WHERE school_id = @school AND kind LIKE 'meeting%' ORDER BY seq", connection);
        command.Parameters.AddWithValue("school", schoolId);
        var facts = new List<(string, string, double)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) facts.Add((reader.GetString(0), reader.GetString(1), reader.GetDouble(2)));
        return facts;
    }
}
