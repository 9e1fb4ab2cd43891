using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>The support desk (issue 14, REG-5) through real gRPC, PostgreSQL and streams.</summary>
public sealed class SupportEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    [Fact]
    public async Task REG_5_a_member_asks_the_school_which_answers_and_escalates_the_district_answers_and_every_side_follows_live()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var student = school.Students[0];
        var admin = school.Admin;
        var op = await Server.SignInOperatorAsync();
        var started = Server.Clock.GetUtcNow().AddMinutes(-1);
        // From `started`: a change made before the server has the watch registered arrives by catch-up instead.
        var since = started.ToTimestamp();
        using var mine = student.Support.WatchTickets(new WatchTicketsRequest { Scope = TicketScope.Mine, Since = since });
        using var queue = admin.Support.WatchTickets(new WatchTicketsRequest { Scope = TicketScope.School, SchoolId = school.SchoolId, Since = since });
        using var district = op.Support.WatchTickets(new WatchTicketsRequest { Scope = TicketScope.District, Since = since });

        var opened = (await student.Support.OpenTicketAsync(new OpenTicketRequest
        {
            SchoolId = school.SchoolId,
            Category = SupportCategory.SignIn,
            Subject = "Не приходит код",
            Text = "Код на телефон не приходит со вчера.",
        })).Ticket;
        Assert.Equal(TicketStatus.Open, opened.Status);
        Assert.Equal(TicketKind.Request, opened.Kind);
        var seen = await StreamWait.ForAsync(queue.ResponseStream, r => r.Ticket.TicketId == opened.TicketId);
        Assert.Equal(opened.Subject, seen.Ticket.Subject);
        Assert.Contains((await admin.Support.ListSchoolTicketsAsync(new ListSchoolTicketsRequest { SchoolId = school.SchoolId })).Tickets,
            t => t.TicketId == opened.TicketId);

        // Nobody else of the school reads it or the queue; the operators do not see it before it is escalated.
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Teacher.Support.GetTicketAsync(new GetTicketRequest { TicketId = opened.TicketId }), "TICKET_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => school.Teacher.Support.ListSchoolTicketsAsync(new ListSchoolTicketsRequest { SchoolId = school.SchoolId }), "NOT_SUPPORT_STAFF", "REG-5");
        await RpcAssert.Fails(StatusCode.NotFound, () => op.Support.GetTicketAsync(new GetTicketRequest { TicketId = opened.TicketId }), "TICKET_NOT_FOUND");

        Server.Clock.Advance(TimeSpan.FromMinutes(10));
        var answered = await admin.Support.ReplyToTicketAsync(new ReplyToTicketRequest { TicketId = opened.TicketId, Text = "Проверьте номер в профиле." });
        Assert.Equal(TicketStatus.Answered, answered.Ticket.Status);
        Assert.NotNull(answered.Ticket.FirstReplyAt);
        var reply = await StreamWait.ForAsync(mine.ResponseStream, r => r.Ticket.TicketId == opened.TicketId && r.Ticket.Version >= answered.Ticket.Version);
        Assert.Equal(TicketStatus.Answered, reply.Ticket.Status);

        var again = await student.Support.ReplyToTicketAsync(new ReplyToTicketRequest { TicketId = opened.TicketId, Text = "Номер верный." });
        Assert.Equal(TicketStatus.Open, again.Ticket.Status);

        var escalated = (await admin.Support.EscalateTicketAsync(new EscalateTicketRequest { TicketId = opened.TicketId, Note = "Похоже на СМС-шлюз" })).Ticket;
        Assert.True(escalated.Escalated);
        Assert.True((await StreamWait.ForAsync(district.ResponseStream, r => r.Ticket.TicketId == opened.TicketId)).Ticket.Escalated);
        Assert.Contains((await op.Support.ListDistrictTicketsAsync(new ListDistrictTicketsRequest())).Tickets, t => t.TicketId == opened.TicketId);
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => admin.Support.EscalateTicketAsync(new EscalateTicketRequest { TicketId = opened.TicketId }), "TICKET_ALREADY_ESCALATED", "REG-5");
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => admin.Support.ListDistrictTicketsAsync(new ListDistrictTicketsRequest()), "NOT_SUPPORT_STAFF");

        var fromDistrict = await op.Support.ReplyToTicketAsync(new ReplyToTicketRequest { TicketId = opened.TicketId, Text = "Шлюз починили." });
        Assert.Equal(TicketSide.District, fromDistrict.Messages[^1].Side);
        // Long registered by now: the district's line arrives live, with the line itself.
        var live = await StreamWait.ForAsync(mine.ResponseStream, r => r.Ticket.Version == fromDistrict.Ticket.Version);
        Assert.Equal((TicketSide.District, "Шлюз починили."), (live.Message.Side, live.Message.Body));

        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        var closed = (await op.Support.SetTicketStatusAsync(new SetTicketStatusRequest { TicketId = opened.TicketId, Status = TicketStatus.Closed })).Ticket;
        Assert.NotNull(closed.ClosedAt);
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => student.Support.ReplyToTicketAsync(new ReplyToTicketRequest { TicketId = opened.TicketId, Text = "Ещё вопрос" }), "TICKET_CLOSED", "REG-5");
        var thread = await student.Support.GetTicketAsync(new GetTicketRequest { TicketId = opened.TicketId });
        Assert.Equal(closed.Version, thread.Ticket.Version);
        Assert.Equal(thread.Ticket.Messages, thread.Messages.Count);
        Assert.Equal(Enumerable.Range(1, thread.Messages.Count), thread.Messages.Select(m => m.Seq));
        Assert.Equal("Код на телефон не приходит со вчера.", thread.Messages[0].Body);
        Assert.Equal([TicketSide.Member, TicketSide.School, TicketSide.Member, TicketSide.School, TicketSide.District, TicketSide.District],
            thread.Messages.Select(m => m.Side));

        var figures = await admin.Support.GetSupportFiguresAsync(new GetSupportFiguresRequest
        {
            SchoolId = school.SchoolId,
            From = started.ToTimestamp(),
            To = Server.Clock.GetUtcNow().AddMinutes(1).ToTimestamp(),
        });
        Assert.Equal((1, 1, 1, 1), (figures.Opened, figures.Replied, figures.Closed, figures.Escalated));
        Assert.Equal(TimeSpan.FromMinutes(10), figures.MeanTimeToFirstReply.ToTimeSpan());
        Assert.Equal(TimeSpan.FromMinutes(15), figures.MeanTimeToClose.ToTimeSpan());
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Teacher.Support.GetSupportFiguresAsync(new GetSupportFiguresRequest
        {
            SchoolId = school.SchoolId,
            From = started.ToTimestamp(),
            To = Server.Clock.GetUtcNow().ToTimestamp(),
        }), "NOT_SUPPORT_STAFF");
    }

    [Fact]
    public async Task REG_5_suggestions_land_in_the_district_queue_and_a_requester_only_closes_their_own_ticket()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var other = await SchoolScenario.CreateAsync(Server, students: 1);
        var op = await Server.SignInOperatorAsync();
        var before = Server.Clock.GetUtcNow().AddMinutes(-1);

        var suggestion = (await school.Teacher.Support.SendSuggestionAsync(new SendSuggestionRequest
        {
            SchoolId = school.SchoolId,
            Subject = "Тёмная тема",
            Text = "Сделайте тёмную тему, вечером глаза устают.",
        })).Ticket;
        Assert.Equal(TicketKind.Suggestion, suggestion.Kind);
        Assert.Contains((await op.Support.ListDistrictTicketsAsync(new ListDistrictTicketsRequest())).Tickets, t => t.TicketId == suggestion.TicketId);
        Assert.DoesNotContain((await school.Admin.Support.ListSchoolTicketsAsync(new ListSchoolTicketsRequest { SchoolId = school.SchoolId })).Tickets,
            t => t.TicketId == suggestion.TicketId);
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Admin.Support.GetTicketAsync(new GetTicketRequest { TicketId = suggestion.TicketId }), "TICKET_NOT_FOUND");

        // DIS-1: another school's member can neither file to this school nor read its tickets; a suggestion needs membership too.
        var ticket = (await school.Students[0].Support.OpenTicketAsync(new OpenTicketRequest
        {
            SchoolId = school.SchoolId,
            Category = SupportCategory.Chats,
            Subject = "Чат класса",
            Text = "Не вижу чат класса.",
        })).Ticket;
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Admin.Support.GetTicketAsync(new GetTicketRequest { TicketId = ticket.TicketId }), "TICKET_NOT_FOUND");
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Students[0].Support.OpenTicketAsync(new OpenTicketRequest
        {
            SchoolId = school.SchoolId,
            Category = SupportCategory.Other,
            Subject = "x",
            Text = "y",
        }), "SCHOOL_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Students[0].Support.SendSuggestionAsync(new SendSuggestionRequest
        {
            SchoolId = school.SchoolId,
            Subject = "x",
            Text = "y",
        }), "SCHOOL_NOT_FOUND");
        await RpcAssert.FailsOnField(() => school.Students[0].Support.OpenTicketAsync(new OpenTicketRequest
        {
            SchoolId = school.SchoolId,
            Category = SupportCategory.Other,
            Subject = "",
            Text = "y",
        }), "subject", "FIELD_REQUIRED");
        await RpcAssert.FailsOnField(() => school.Students[0].Support.OpenTicketAsync(new OpenTicketRequest
        {
            SchoolId = school.SchoolId,
            Subject = "x",
            Text = "y",
        }), "category", "FIELD_REQUIRED");

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Students[0].Support.SetTicketStatusAsync(new SetTicketStatusRequest
        {
            TicketId = ticket.TicketId,
            Status = TicketStatus.Answered,
        }), "NOT_SUPPORT_STAFF", "REG-5");
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => op.Support.EscalateTicketAsync(new EscalateTicketRequest { TicketId = suggestion.TicketId }), "NOT_SUPPORT_STAFF");
        var closed = (await school.Students[0].Support.SetTicketStatusAsync(new SetTicketStatusRequest { TicketId = ticket.TicketId, Status = TicketStatus.Closed })).Ticket;
        Assert.Equal(TicketStatus.Closed, closed.Status);

        // The requester's own list spans both, and a watch from before catches up on what it missed.
        var mineList = (await school.Teacher.Support.ListMyTicketsAsync(new ListMyTicketsRequest())).Tickets;
        Assert.Equal([suggestion.TicketId], mineList.Select(t => t.TicketId));
        using var catchUp = school.Students[0].Support.WatchTickets(new WatchTicketsRequest { Scope = TicketScope.Mine, Since = before.ToTimestamp() });
        var missed = await StreamWait.ForAsync(catchUp.ResponseStream, r => r.Ticket.TicketId == ticket.TicketId);
        Assert.Equal(TicketStatus.Closed, missed.Ticket.Status);
    }

    [Fact]
    public async Task REG_5_a_ticket_carries_the_members_screenshot_which_only_those_who_see_the_ticket_download()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var (student, other) = (school.Students[0], school.Students[1]);
        var op = await Server.SignInOperatorAsync();
        var screenshot = FileUploads.Pdf(20_000);
        var file = await FileUploads.UploadAsync(student, school.SchoolId, "Ошибка.pdf", screenshot);
        var othersFile = await FileUploads.UploadAsync(other, school.SchoolId, "Чужой.pdf", FileUploads.Pdf(1_000));

        OpenTicketRequest Request(params string[] files) => new()
        {
            SchoolId = school.SchoolId,
            Category = SupportCategory.Chats,
            Subject = "Ошибка в чате",
            Text = "Снимок экрана приложен.",
            AttachmentIds = { files },
        };
        await RpcAssert.Fails(StatusCode.NotFound, () => student.Support.OpenTicketAsync(Request(othersFile.FileId)), "FILE_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => student.Support.OpenTicketAsync(Request(Enumerable.Range(0, 6).Select(i => $"f{i}").ToArray())), "ATTACHMENT_INVALID", "REG-5");
        Assert.Empty((await student.Support.ListMyTicketsAsync(new ListMyTicketsRequest())).Tickets);

        var ticket = (await student.Support.OpenTicketAsync(Request(file.FileId))).Ticket;
        var thread = await school.Admin.Support.GetTicketAsync(new GetTicketRequest { TicketId = ticket.TicketId });
        Assert.Equal([file.FileId], thread.Messages[0].AttachmentIds);
        Assert.Equal(screenshot, (await FileUploads.DownloadAsync(school.Admin, file.FileId)).Bytes);
        Assert.Equal(screenshot, (await FileUploads.DownloadAsync(student, file.FileId)).Bytes);

        // Attached once: not again to a chat message; others of the school and the operators (before escalation) do not see it.
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => student.Chats.SendMessageAsync(new SendMessageRequest
        {
            ChatId = chat.ChatId,
            ClientKey = "again",
            AttachmentIds = { file.FileId },
        }), "ATTACHMENT_INVALID", "CHAT-8");
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Files.GetFileAsync(new GetFileRequest { FileId = file.FileId }), "FILE_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Teacher.Files.GetFileAsync(new GetFileRequest { FileId = file.FileId }), "FILE_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.NotFound, () => op.Files.GetFileAsync(new GetFileRequest { FileId = file.FileId }), "FILE_NOT_FOUND", "DIS-1");

        // The administrator answers with a file of their own; once escalated, the operators download both.
        var guide = await FileUploads.UploadAsync(school.Admin, school.SchoolId, "Инструкция.pdf", FileUploads.Pdf(5_000));
        var answered = await school.Admin.Support.ReplyToTicketAsync(new ReplyToTicketRequest { TicketId = ticket.TicketId, Text = "Инструкция во вложении.", AttachmentIds = { guide.FileId } });
        Assert.Equal([guide.FileId], answered.Messages[^1].AttachmentIds);
        await school.Admin.Support.EscalateTicketAsync(new EscalateTicketRequest { TicketId = ticket.TicketId });
        Assert.Equal(screenshot, (await FileUploads.DownloadAsync(op, file.FileId)).Bytes);
        Assert.Equal(guide.FileId, (await op.Files.GetFileAsync(new GetFileRequest { FileId = guide.FileId })).File.FileId);
        await RpcAssert.Fails(StatusCode.NotFound, () => op.Support.ReplyToTicketAsync(new ReplyToTicketRequest
        {
            TicketId = ticket.TicketId,
            Text = "Смотрите тоже",
            AttachmentIds = { guide.FileId },
        }), "FILE_NOT_FOUND");
    }
}
