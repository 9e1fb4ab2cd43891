using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>Personal conversations through gRPC (CHAT-10, ETH-3, ETH-9).</summary>
public sealed class PersonalMessageEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    private static StartConversationRequest Start(SchoolScenario school, Session to, string body) =>
        new() { SchoolId = school.SchoolId, UserId = to.UserId, ClientKey = Guid.NewGuid().ToString("N"), Body = body };

    private static SendMessageRequest Text(string chatId, string body) => new() { ChatId = chatId, ClientKey = Guid.NewGuid().ToString("N"), Body = body };

    [Fact]
    public async Task CHAT_10_ETH_3_a_parent_writes_to_the_teacher_as_a_request_and_a_declined_request_cannot_be_repeated()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1, parents: 1);
        var mum = school.Parents[0];
        var chat = (await mum.Personal.StartConversationAsync(Start(school, school.Teacher, "Здравствуйте! Можно спросить про контрольную?"))).Chat;
        Assert.Equal(ChatKind.Personal, chat.Kind);
        Assert.Equal(1, chat.MemberCount);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => mum.Chats.SendMessageAsync(Text(chat.ChatId, "Алло?")), "PERSONAL_REQUEST_PENDING", "ETH-3");

        // The teacher sees the request and its message, then accepts.
        Assert.Contains((await school.Teacher.Chats.ListInvitationsAsync(new ListInvitationsRequest())).Invitations, i => i.ChatId == chat.ChatId);
        Assert.Equal("Здравствуйте! Можно спросить про контрольную?",
            Assert.Single((await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId })).Messages).Body);
        Assert.Equal(2, (await school.Teacher.Personal.AcceptConversationAsync(new AcceptConversationRequest { ChatId = chat.ChatId })).Chat.MemberCount);
        await school.Teacher.Chats.SendMessageAsync(Text(chat.ChatId, "Да, конечно."));
        await mum.Chats.SendMessageAsync(Text(chat.ChatId, "Спасибо!"));
        Assert.Equal(3, (await mum.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId })).Messages.Count);

        // The administrators never read it, nor see it in the school's list.
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Admin.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId }), "CHAT_NOT_FOUND", "DIS-1");
        Assert.DoesNotContain((await school.Admin.Chats.ListSchoolChatsAsync(new ListSchoolChatsRequest { SchoolId = school.SchoolId })).Chats, c => c.Kind == ChatKind.Personal);
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Admin.Chats.JoinChatAsync(new JoinChatRequest { ChatId = chat.ChatId, AcceptedRulesVersion = 1 }), "CHAT_NOT_FOUND");

        // A declined request: the sender cannot write again, in the conversation or by starting it anew.
        var pupil = school.Students[0];
        var asked = (await pupil.Personal.StartConversationAsync(Start(school, school.Teacher, "Можно пересдать?"))).Chat;
        await school.Teacher.Personal.DeclineConversationAsync(new DeclineConversationRequest { ChatId = asked.ChatId });
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => pupil.Chats.SendMessageAsync(Text(asked.ChatId, "Ну пожалуйста")), "PERSONAL_DECLINED", "ETH-3");
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => pupil.Personal.StartConversationAsync(Start(school, school.Teacher, "Ещё раз")), "PERSONAL_DECLINED", "ETH-3");
        Assert.DoesNotContain((await school.Teacher.Chats.ListInvitationsAsync(new ListInvitationsRequest())).Invitations, i => i.ChatId == asked.ChatId);
    }

    [Fact]
    public async Task CHAT_10_who_may_start_with_whom_follows_the_schools_setting_and_never_includes_pupils_of_grades_1_to_4()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2, parents: 2);
        var third = (await school.Admin.Classes.CreateClassAsync(new CreateClassRequest { Kind = ClassKind.Grade, SchoolId = school.SchoolId, Name = "3В" })).Class.ClassId;
        var little = await school.AddStudentAsync(third);
        var other = await SchoolScenario.CreateAsync(Server, students: 1);

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Parents[0].Personal.StartConversationAsync(Start(school, school.Parents[1], "Привет")), "PERSONAL_NOT_ALLOWED", "CHAT-10");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Students[0].Personal.StartConversationAsync(Start(school, school.Students[1], "Привет")), "PERSONAL_NOT_ALLOWED", "CHAT-10");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Students[0].Personal.StartConversationAsync(Start(school, school.Parents[1], "Привет")), "PERSONAL_NOT_ALLOWED", "CHAT-10");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Teacher.Personal.SetPersonalSettingsAsync(new SetPersonalSettingsRequest
        {
            SchoolId = school.SchoolId,
            Settings = new PersonalSettings { ParentsWithParents = true },
        }), "NOT_MANAGEMENT", "CHAT-10");

        await school.Admin.Personal.SetPersonalSettingsAsync(new SetPersonalSettingsRequest
        {
            SchoolId = school.SchoolId,
            Settings = new PersonalSettings { ParentsWithParents = true, StudentsWithStudents = true },
        });
        Assert.True((await school.Parents[1].Personal.GetPersonalSettingsAsync(new GetPersonalSettingsRequest { SchoolId = school.SchoolId })).Settings.StudentsWithStudents);
        await school.Parents[0].Personal.StartConversationAsync(Start(school, school.Parents[1], "Привет"));
        await school.Students[0].Personal.StartConversationAsync(Start(school, school.Students[1], "Привет"));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Students[0].Personal.StartConversationAsync(Start(school, little, "Привет")), "PERSONAL_NOT_ALLOWED", "CHAT-10");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => little.Personal.StartConversationAsync(Start(school, school.Students[1], "Привет")), "PERSONAL_NOT_ALLOWED", "CHAT-10");
        // Staff write to the little ones; nobody reaches another school's members.
        await school.Teacher.Personal.StartConversationAsync(Start(school, little, "Молодец!"));
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Teacher.Personal.StartConversationAsync(Start(school, other.Students[0], "Привет")), "MEMBER_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Admin.Personal.GetPersonalSettingsAsync(new GetPersonalSettingsRequest { SchoolId = school.SchoolId }), "SCHOOL_NOT_FOUND", "DIS-1");
    }

    [Fact]
    public async Task CHAT_10_reports_reach_administrators_as_evidence_a_personal_block_stops_the_other_and_leaving_the_school_ends_it()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1, parents: 1);
        var dad = school.Parents[0];
        var chat = (await school.Teacher.Personal.StartConversationAsync(Start(school, dad, "Добрый день, по поводу оценок"))).Chat;
        await dad.Personal.AcceptConversationAsync(new AcceptConversationRequest { ChatId = chat.ChatId });
        var rude = await dad.Chats.SendMessageAsync(Text(chat.ChatId, "грубое сообщение"));
        await dad.Chats.SendMessageAsync(Text(chat.ChatId, "частное, не для администрации"));

        await school.Teacher.Moderation.ReportMessageAsync(new ReportMessageRequest { ChatId = chat.ChatId, Seq = rude.Seq, Reason = "Оскорбление" });
        var audit = await school.Admin.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = school.SchoolId, ChatId = chat.ChatId });
        var report = Assert.Single(audit.Entries, e => e.Action == "report");
        Assert.Equal("грубое сообщение", report.Evidence);
        Assert.DoesNotContain(audit.Entries, e => e.Evidence.Contains("частное", StringComparison.Ordinal));

        await school.Teacher.Personal.BlockInConversationAsync(new BlockInConversationRequest { ChatId = chat.ChatId });
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => dad.Chats.SendMessageAsync(Text(chat.ChatId, "ещё")), "PERSONAL_BLOCKED", "CHAT-10");

        // ETH-9: a student leaves; their conversation with the teacher ends for them.
        var pupil = school.Students[0];
        var lesson = (await school.Teacher.Personal.StartConversationAsync(Start(school, pupil, "Как дела с проектом?"))).Chat;
        await pupil.Personal.AcceptConversationAsync(new AcceptConversationRequest { ChatId = lesson.ChatId });
        await school.Admin.Members.RecordStudentLeftAsync(new RecordStudentLeftRequest { SchoolId = school.SchoolId, UserId = pupil.UserId });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await school.Teacher.Chats.SendMessageAsync(Text(lesson.ChatId, "Ты здесь?"));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                await RpcAssert.Fails(StatusCode.FailedPrecondition, () => school.Teacher.Chats.SendMessageAsync(Text(lesson.ChatId, "…")), "PERSONAL_ENDED", "ETH-9");
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the leaver's conversation did not end");
            await Task.Delay(200);
        }

        await RpcAssert.Fails(StatusCode.NotFound, () => pupil.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = lesson.ChatId }), "CHAT_NOT_FOUND", "DIS-1");
    }

    [Fact]
    public async Task CHAT_10_ETH_3_a_blocked_or_declined_sender_cannot_edit_earlier_messages_open_polls_or_vote_but_may_delete_their_own()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 3, parents: 2);
        var (dad, mum) = (school.Parents[0], school.Parents[1]);
        var chat = (await school.Teacher.Personal.StartConversationAsync(Start(school, dad, "Добрый день"))).Chat;
        await dad.Personal.AcceptConversationAsync(new AcceptConversationRequest { ChatId = chat.ChatId });
        var poll = (await school.Teacher.Polls.CreatePollAsync(new CreatePollRequest { ChatId = chat.ChatId, Question = "Придёте на собрание?", Options = { "Да", "Нет" } })).Poll;
        var said = await dad.Chats.SendMessageAsync(Text(chat.ChatId, "Хорошо"));
        await dad.Chats.EditMessageAsync(new EditMessageRequest { ChatId = chat.ChatId, Seq = said.Seq, Body = "Хорошо, спасибо" });

        // Blocked: no more edits or votes; taking one's own message back is allowed (it adds nothing for the other to read).
        await school.Teacher.Personal.BlockInConversationAsync(new BlockInConversationRequest { ChatId = chat.ChatId });
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => dad.Chats.EditMessageAsync(new EditMessageRequest { ChatId = chat.ChatId, Seq = said.Seq, Body = "грубость задним числом" }), "PERSONAL_BLOCKED", "CHAT-10");
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => dad.Polls.VoteAsync(new VoteRequest { PollId = poll.PollId, Choices = { 1 } }), "PERSONAL_BLOCKED", "CHAT-10");
        await dad.Chats.DeleteMessageAsync(new DeleteMessageRequest { ChatId = chat.ChatId, Seq = said.Seq });
        var history = (await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId })).Messages;
        Assert.DoesNotContain(history, m => m.Body.Contains("грубость", StringComparison.Ordinal));

        // A blocked teacher cannot open a poll in the conversation either.
        var other = (await school.Teacher.Personal.StartConversationAsync(Start(school, mum, "Добрый день"))).Chat;
        await mum.Personal.AcceptConversationAsync(new AcceptConversationRequest { ChatId = other.ChatId });
        var asked = await school.Teacher.Chats.SendMessageAsync(Text(other.ChatId, "Как дела?"));
        await mum.Personal.BlockInConversationAsync(new BlockInConversationRequest { ChatId = other.ChatId });
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => school.Teacher.Polls.CreatePollAsync(new CreatePollRequest { ChatId = other.ChatId, Question = "?", Options = { "Да", "Нет" } }), "PERSONAL_BLOCKED", "CHAT-10");
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => school.Teacher.Chats.EditMessageAsync(new EditMessageRequest { ChatId = other.ChatId, Seq = asked.Seq, Body = "Ответьте!" }), "PERSONAL_BLOCKED", "CHAT-10");

        // Declined: the request's own first message cannot be rewritten afterwards.
        var pupil = school.Students[2];
        var request = (await pupil.Personal.StartConversationAsync(Start(school, school.Teacher, "Можно пересдать?"))).Chat;
        var first = Assert.Single((await pupil.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = request.ChatId })).Messages);
        await school.Teacher.Personal.DeclineConversationAsync(new DeclineConversationRequest { ChatId = request.ChatId });
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => pupil.Chats.EditMessageAsync(new EditMessageRequest { ChatId = request.ChatId, Seq = first.Seq, Body = "Ну пожалуйста!!!" }), "PERSONAL_DECLINED", "ETH-3");
    }
}
