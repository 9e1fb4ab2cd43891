using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>The operators' tools over schools (issue 14): suspension, recovery, application, figures, announcements.</summary>
public sealed class SchoolOversightEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    [Fact]
    public async Task A_suspended_school_refuses_writes_with_the_reason_shown_and_reads_on_until_it_is_resumed()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var op = await Server.SignInOperatorAsync();
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Admin.Oversight.SuspendSchoolAsync(new SuspendSchoolRequest { SchoolId = school.SchoolId, Reason = "x" }), "NOT_OPERATOR");

        const string reason = "Проверка лицензии до 15 декабря";
        await op.Oversight.SuspendSchoolAsync(new SuspendSchoolRequest { SchoolId = school.SchoolId, Reason = reason });

        var refusals = new List<RpcException>
        {
            await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Admin.Schools.UpdateSchoolAsync(new UpdateSchoolRequest { SchoolId = school.SchoolId, Address = "Новый адрес" }), "SCHOOL_SUSPENDED"),
            await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Admin.Classes.CreateClassAsync(new CreateClassRequest { SchoolId = school.SchoolId, Kind = ClassKind.Grade, Name = "7Б" }), "SCHOOL_SUSPENDED"),
            await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Students[0].Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "s1", Body = "Привет" }), "SCHOOL_SUSPENDED"),
            await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Teacher.Chats.CreateChatAsync(new CreateChatRequest
            {
                SchoolId = school.SchoolId, Kind = ChatKind.Other, Title = "Кружок", RuleClauses = { "Вежливость" },
            }), "SCHOOL_SUSPENDED"),
        };
        Assert.All(refusals, e => Assert.Contains(reason, e.Status.Detail, StringComparison.Ordinal));

        // Reads go on; members see why.
        Assert.Equal(reason, (await school.Students[0].Oversight.GetSchoolSuspensionAsync(new GetSchoolSuspensionRequest { SchoolId = school.SchoolId })).Suspension.Reason);
        await school.Admin.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = school.SchoolId });
        await school.Students[0].Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        Assert.Equal(reason, (await op.Oversight.GetSchoolDetailAsync(new GetSchoolDetailRequest { SchoolId = school.SchoolId })).Suspension.Reason);
        var outsider = await SchoolScenario.CreateAsync(Server, students: 0);
        await RpcAssert.Fails(StatusCode.NotFound, () => outsider.Admin.Oversight.GetSchoolSuspensionAsync(new GetSchoolSuspensionRequest { SchoolId = school.SchoolId }));

        await op.Oversight.ResumeSchoolAsync(new ResumeSchoolRequest { SchoolId = school.SchoolId });
        await school.Students[0].Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "s2", Body = "Снова работаем" });
        await school.Admin.Classes.CreateClassAsync(new CreateClassRequest { SchoolId = school.SchoolId, Kind = ClassKind.Grade, Name = "7Б" });
        Assert.Null((await school.Students[0].Oversight.GetSchoolSuspensionAsync(new GetSchoolSuspensionRequest { SchoolId = school.SchoolId })).Suspension);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => op.Oversight.ResumeSchoolAsync(new ResumeSchoolRequest { SchoolId = school.SchoolId }), "SCHOOL_NOT_SUSPENDED");

        var audit = (await op.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { PageSize = 500 })).Entries;
        Assert.Contains(audit, r => r.Action == "school_suspended" && r.Detail.Contains(school.SchoolId, StringComparison.Ordinal));
        Assert.Contains(audit, r => r.Action == "school_resumed" && r.Detail.Contains(school.SchoolId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_suspended_schools_polls_meetings_and_uploads_refuse_changes_and_read_on()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var op = await Server.SignInOperatorAsync();
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var poll = (await school.Teacher.Polls.CreatePollAsync(new CreatePollRequest { ChatId = chat.ChatId, Question = "Экскурсия?", Options = { "Да", "Нет" } })).Poll;
        var start = Server.Clock.GetUtcNow().AddDays(1);
        var meeting = (await school.Teacher.Meetings.CreateMeetingAsync(Meeting(school.SchoolId, chat.ChatId, start))).Meeting;

        const string reason = "Проверка лицензии";
        await op.Oversight.SuspendSchoolAsync(new SuspendSchoolRequest { SchoolId = school.SchoolId, Reason = reason });

        var refusals = new List<RpcException>
        {
            await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Students[0].Polls.VoteAsync(new VoteRequest { PollId = poll.PollId, Choices = { 0 } }), "SCHOOL_SUSPENDED"),
            await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Teacher.Polls.ClosePollAsync(new ClosePollRequest { PollId = poll.PollId }), "SCHOOL_SUSPENDED"),
            await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Teacher.Meetings.CreateMeetingAsync(Meeting(school.SchoolId, chat.ChatId, start.AddDays(1))), "SCHOOL_SUSPENDED"),
            await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Teacher.Meetings.RescheduleMeetingAsync(new RescheduleMeetingRequest
            {
                MeetingId = meeting.MeetingId, Start = Timestamp.FromDateTimeOffset(start.AddHours(2)),
            }), "SCHOOL_SUSPENDED"),
            await RpcAssert.Fails(StatusCode.FailedPrecondition, () => FileUploads.UploadAsync(school.Teacher, school.SchoolId, "План.pdf", FileUploads.Pdf(10_000)), "SCHOOL_SUSPENDED"),
        };
        Assert.All(refusals, e => Assert.Contains(reason, e.Status.Detail, StringComparison.Ordinal));

        // Nothing changed, and reads go on.
        var read = (await school.Students[0].Polls.GetPollAsync(new GetPollRequest { PollId = poll.PollId })).Poll;
        Assert.Equal(0, read.Voters);
        Assert.Null(read.ClosedAt);
        Assert.Equal(meeting.Start, (await school.Teacher.Meetings.GetMeetingAsync(new GetMeetingRequest { MeetingId = meeting.MeetingId })).Meeting.Start);

        await op.Oversight.ResumeSchoolAsync(new ResumeSchoolRequest { SchoolId = school.SchoolId });
        Assert.Equal(1, (await school.Students[0].Polls.VoteAsync(new VoteRequest { PollId = poll.PollId, Choices = { 0 } })).Poll.Voters);
        await FileUploads.UploadAsync(school.Teacher, school.SchoolId, "План.pdf", FileUploads.Pdf(10_000));
    }

    private static CreateMeetingRequest Meeting(string schoolId, string chatId, DateTimeOffset start) => new()
    {
        SchoolId = schoolId,
        Kind = MeetingKind.Call,
        Title = "Алгебра",
        Start = Timestamp.FromDateTimeOffset(start),
        Duration = Duration.FromTimeSpan(TimeSpan.FromMinutes(45)),
        Audience = new Audience { Kind = AudienceKind.Chat, ChatId = chatId },
    };

    [Fact]
    public async Task ORG_1_an_operator_recovers_a_school_from_an_updated_application_and_the_new_administrator_runs_it_audited()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var op = await Server.SignInOperatorAsync();
        var phone = school.NextPhone();
        var request = new RecoverSchoolRequest
        {
            SchoolId = school.SchoolId,
            AdminFullName = "Новая Администраторша",
            AdminEmail = "new.admin@school.example",
            AdminPhone = phone,
            OrderNumber = "17-к",
            OrderDate = "2026-11-20",
        };
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Admin.Oversight.RecoverSchoolAsync(request), "NOT_OPERATOR");
        var badDate = request.Clone();
        badDate.OrderDate = "вчера";
        await RpcAssert.FailsOnField(() => op.Oversight.RecoverSchoolAsync(badDate), "order_date", "DATE_INVALID");

        var recovered = (await op.Oversight.RecoverSchoolAsync(request)).School;
        Assert.Equal("17-к", recovered.Application.OrderNumber);
        var admin = await Server.SignInAsync(phone);
        Assert.Contains(admin.UserId, recovered.AdministratorIds);
        await admin.Schools.UpdateSchoolAsync(new UpdateSchoolRequest { SchoolId = school.SchoolId, Address = "ул. Восстановленная, 1" });
        var schoolAudit = (await admin.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { SchoolId = school.SchoolId, PageSize = 500 })).Entries;
        Assert.Contains(schoolAudit, r => r.Action == "school_recovered" && r.ActorId == op.UserId && r.SubjectUserId == admin.UserId);
        var districtAudit = (await op.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { PageSize = 500 })).Entries;
        Assert.Contains(districtAudit, r => r.Action == "school_recovered" && r.SubjectUserId == admin.UserId);

        var updated = (await op.Oversight.UpdateSchoolApplicationAsync(new UpdateSchoolApplicationRequest
        {
            SchoolId = school.SchoolId,
            AdminFullName = "Новая Администраторша",
            AdminEmail = "new.admin@school.example",
            AdminPhone = phone,
            OrderNumber = "18-к",
            OrderDate = "2026-11-21",
        })).School;
        Assert.Equal("18-к", updated.Application.OrderNumber);
    }

    [Fact]
    public async Task Operators_search_schools_read_live_figures_and_announce_to_every_schools_administrators()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2, parents: 1);
        var op = await Server.SignInOperatorAsync();
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        await school.Students[0].Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "f1", Body = "Здравствуйте" });

        var name = (await school.Admin.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = school.SchoolId })).School.Info.Name;
        var found = (await op.Oversight.SearchSchoolsAsync(new SearchSchoolsRequest { Query = name.ToUpperInvariant(), PageSize = 500 })).Schools;
        Assert.Equal(school.SchoolId, Assert.Single(found).SchoolId);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Admin.Oversight.SearchSchoolsAsync(new SearchSchoolsRequest()), "NOT_OPERATOR");

        var detail = await op.Oversight.GetSchoolDetailAsync(new GetSchoolDetailRequest { SchoolId = school.SchoolId });
        Assert.Equal((1, 1, 2, 1, 1), (detail.Administrators, detail.Teachers, detail.Students, detail.Parents, detail.Classes));
        Assert.Equal(5, detail.Members);
        Assert.Equal(3, detail.Chats); // the school's two channels and the class chat
        Assert.NotNull(detail.LastActivity);
        Assert.Null(detail.Suspension);

        var sent = await op.Oversight.AnnounceToAdministratorsAsync(new AnnounceToAdministratorsRequest { Subject = "Обновление", Text = "В субботу с 22:00 работы на сервере." });
        Assert.True(sent.Schools >= 1);
        var queue = (await school.Admin.Support.ListSchoolTicketsAsync(new ListSchoolTicketsRequest { SchoolId = school.SchoolId })).Tickets;
        var announcement = Assert.Single(queue, t => t.Kind == TicketKind.Announcement);
        var thread = await school.Admin.Support.GetTicketAsync(new GetTicketRequest { TicketId = announcement.TicketId });
        Assert.Equal(("В субботу с 22:00 работы на сервере.", TicketSide.District), (thread.Messages[0].Body, thread.Messages[0].Side));
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Teacher.Support.GetTicketAsync(new GetTicketRequest { TicketId = announcement.TicketId }), "TICKET_NOT_FOUND");
        await school.Admin.Support.ReplyToTicketAsync(new ReplyToTicketRequest { TicketId = announcement.TicketId, Text = "Принято" });
        Assert.Contains((await op.AdminAudit.ListAdminAuditAsync(new ListAdminAuditRequest { PageSize = 500 })).Entries, r => r.Action == "announcement_sent");
    }
}
