using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

public sealed class ChatEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    private static SendMessageRequest Text(string chatId, string body, string? key = null) =>
        new() { ChatId = chatId, ClientKey = key ?? Guid.NewGuid().ToString("N"), Body = body };

    [Fact]
    public async Task CHAT_1_ETH_3_ETH_4_the_class_teacher_creates_the_parents_chat_and_parents_join_themselves_under_its_rules()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2, parents: 2);
        var chat = (await school.Teacher.Chats.CreateChatAsync(new CreateChatRequest
        {
            SchoolId = school.SchoolId,
            Kind = ChatKind.ClassParents,
            Title = "Родители 6А",
            ClassId = school.ClassId,
            RuleClauses = { "Уважайте друг друга.", "Без рекламы." },
        })).Chat;
        var link = await school.Teacher.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chat.ChatId });
        var mum = school.Parents[0];

        // ETH-4: the rules are shown first, and joining without accepting the current version is refused.
        var preview = (await mum.Chats.GetChatAsync(new GetChatRequest { LinkToken = link.Token })).Chat;
        Assert.Equal(["Уважайте друг друга.", "Без рекламы."], preview.Rules.Clauses);
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => mum.Chats.JoinChatAsync(new JoinChatRequest { LinkToken = link.Token, AcceptedRulesVersion = 0 }), "RULES_NOT_ACCEPTED", "ETH-4");
        var joined = (await mum.Chats.JoinChatAsync(new JoinChatRequest { LinkToken = link.Token, AcceptedRulesVersion = preview.Rules.Version })).Chat;
        Assert.Equal(2, joined.MemberCount);

        // ETH-3: nobody is added by someone else: an invitation waits for the invitee's own acceptance.
        var dad = school.Parents[1];
        await school.Teacher.Chats.InviteToChatAsync(new InviteToChatRequest { ChatId = chat.ChatId, UserId = dad.UserId });
        Assert.Equal(2, (await school.Teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = chat.ChatId })).Chat.MemberCount);
        var invitation = Assert.Single((await dad.Chats.ListInvitationsAsync(new ListInvitationsRequest())).Invitations);
        Assert.Equal(chat.ChatId, invitation.ChatId);
        await dad.Chats.JoinChatAsync(new JoinChatRequest { ChatId = chat.ChatId, AcceptedRulesVersion = 1 });
        Assert.Equal(3, (await school.Teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = chat.ChatId })).Chat.MemberCount);
        Assert.Empty((await dad.Chats.ListInvitationsAsync(new ListInvitationsRequest())).Invitations);

        // Members leave when they wish.
        await dad.Chats.LeaveChatAsync(new LeaveChatRequest { ChatId = chat.ChatId });
        Assert.Equal(2, (await school.Teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = chat.ChatId })).Chat.MemberCount);
    }

    [Fact]
    public async Task CHAT_6_outsiders_and_roles_the_chat_does_not_admit_cannot_join()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1, parents: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassParents, []);
        var link = await school.Teacher.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chat.ChatId });
        var other = await SchoolScenario.CreateAsync(Server, students: 1);

        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => school.Students[0].Chats.JoinChatAsync(new JoinChatRequest { LinkToken = link.Token, AcceptedRulesVersion = 1 }), "NOT_IN_AUDIENCE", "CHAT-6");
        await RpcAssert.Fails(StatusCode.NotFound,
            () => other.Students[0].Chats.JoinChatAsync(new JoinChatRequest { LinkToken = link.Token, AcceptedRulesVersion = 1 }), "CHAT_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.NotFound,
            () => other.Admin.Chats.GetChatAsync(new GetChatRequest { ChatId = chat.ChatId }), "CHAT_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => school.Parents[0].Chats.JoinChatAsync(new JoinChatRequest { ChatId = chat.ChatId, AcceptedRulesVersion = 1 }), "INVITATION_REQUIRED", "CHAT-3");
        Assert.Equal(1, (await school.Teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = chat.ChatId })).Chat.MemberCount);
    }

    [Fact]
    public async Task ETH_1_CHAT_2_ORG_15_only_the_teaching_staff_start_group_chats_each_kind_by_its_creators()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var subjectTeacher = await school.AddTeacherAsync();
        var unverified = await school.AddTeacherAsync(verified: false);
        CreateChatRequest Request(ChatKind kind) => new()
        {
            SchoolId = school.SchoolId,
            Kind = kind,
            Title = "Чат",
            ClassId = school.ClassId,
            Subject = "Физика",
            RuleClauses = { "Вежливость." },
        };

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Students[0].Chats.CreateChatAsync(Request(ChatKind.Other)), "NOT_TEACHING_STAFF", "ETH-1");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => unverified.Chats.CreateChatAsync(Request(ChatKind.Subject)), "TEACHER_NOT_VERIFIED", "ORG-9");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => subjectTeacher.Chats.CreateChatAsync(Request(ChatKind.ClassStudents)), "NOT_CLASS_TEACHER", "CHAT-1");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => subjectTeacher.Chats.CreateChatAsync(Request(ChatKind.Admins)), "NOT_MANAGEMENT", "ORG-15");
        var subject = await subjectTeacher.Chats.CreateChatAsync(Request(ChatKind.Subject));
        var admins = await school.Admin.Chats.CreateChatAsync(Request(ChatKind.Admins));
        var classChat = await school.Teacher.Chats.CreateChatAsync(Request(ChatKind.ClassStudents));

        Assert.Equal((ChatKind.Subject, "Физика"), (subject.Chat.Kind, subject.Chat.Subject));
        Assert.Equal([school.Admin.UserId], admins.Chat.ModeratorIds);
        Assert.Equal([school.Teacher.UserId], classChat.Chat.ModeratorIds);
    }

    [Fact]
    public async Task ORG_12_the_school_channels_exist_from_registration_and_only_administration_posts()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chats = await school.Admin.Chats.ListSchoolChatsAsync(new ListSchoolChatsRequest { SchoolId = school.SchoolId });
        var channel = Assert.Single(chats.Chats, c => c.Kind == ChatKind.SchoolChannel);
        Assert.Single(chats.Chats, c => c.Kind == ChatKind.StaffChannel);
        var student = school.Students[0];

        await student.Chats.JoinChatAsync(new JoinChatRequest { ChatId = channel.ChatId, AcceptedRulesVersion = channel.Rules.Version });
        await school.Admin.Chats.SendMessageAsync(Text(channel.ChatId, "Завтра линейка в 8:30."));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => student.Chats.SendMessageAsync(Text(channel.ChatId, "Ура!")), "CHANNEL_READ_ONLY", "ORG-12");
        var staff = chats.Chats.Single(c => c.Kind == ChatKind.StaffChannel);
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => student.Chats.JoinChatAsync(new JoinChatRequest { ChatId = staff.ChatId, AcceptedRulesVersion = 1 }), "NOT_IN_AUDIENCE", "CHAT-6");

        var history = await student.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = channel.ChatId });
        Assert.Equal("Завтра линейка в 8:30.", Assert.Single(history.Messages).Body);
    }

    [Fact]
    public async Task CHAT_4_every_online_member_receives_every_message_once_in_order_and_a_retry_is_stored_once()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 4);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var members = school.Students.Prepend(school.Teacher).ToList();
        var streams = members.Select(m => StreamRecorder.Open(m, (chat.ChatId, chat.LastSeq))).ToList();
        foreach (var s in streams) await s.UntilAsync(r => r.CaughtUp(chat.ChatId));

        var acks = new List<SendMessageResponse>();
        for (var i = 0; i < 30; i++)
        {
            var sender = members[i % members.Count];
            var request = Text(chat.ChatId, $"Сообщение {i}", key: $"k-{i}");
            acks.Add(await sender.Chats.SendMessageAsync(request));
            if (i % 10 == 0) Assert.True((await sender.Chats.SendMessageAsync(request)).Duplicate);
        }

        var sent = acks.Select(a => a.Seq).ToList();
        foreach (var stream in streams)
        {
            await stream.UntilAsync(r => r.EventsOf(chat.ChatId).Count(e => e.Kind == ChatEventKind.Posted) >= 30);
            var posted = stream.EventsOf(chat.ChatId).Where(e => e.Kind == ChatEventKind.Posted).ToList();
            Assert.Equal(sent, posted.Select(e => e.Seq));
            Assert.Equal(Enumerable.Range(0, 30).Select(i => $"Сообщение {i}"), posted.Select(e => e.Body));
            var seqs = stream.EventsOf(chat.ChatId).Select(e => e.Seq).ToList();
            Assert.Equal(seqs.Distinct().Order(), seqs);
        }

        var history = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId, Limit = 200 });
        Assert.Equal(30, history.Messages.Count);
        Assert.Equal(30, history.Messages.Select(m => m.Body).Distinct().Count());
        foreach (var s in streams) await s.DisposeAsync();
    }

    [Fact]
    public async Task CHAT_4_a_client_that_reconnects_with_its_last_sequence_numbers_misses_nothing()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var reader = school.Students[0];
        var first = StreamRecorder.Open(reader, (chat.ChatId, chat.LastSeq));
        await first.UntilAsync(r => r.CaughtUp(chat.ChatId));
        for (var i = 0; i < 5; i++) await school.Teacher.Chats.SendMessageAsync(Text(chat.ChatId, $"до {i}"));
        await first.UntilAsync(r => r.EventsOf(chat.ChatId).Count(e => e.Kind == ChatEventKind.Posted) == 5);
        var last = first.EventsOf(chat.ChatId).Max(e => e.Seq);
        await first.DisposeAsync();

        for (var i = 0; i < 7; i++) await school.Students[1].Chats.SendMessageAsync(Text(chat.ChatId, $"пока офлайн {i}"));
        var second = StreamRecorder.Open(reader, (chat.ChatId, last));
        await second.UntilAsync(r => r.CaughtUp(chat.ChatId));
        await school.Teacher.Chats.SendMessageAsync(Text(chat.ChatId, "после"));
        await second.UntilAsync(r => r.EventsOf(chat.ChatId).Any(e => e.Body == "после"));

        var bodies = second.EventsOf(chat.ChatId).Where(e => e.Kind == ChatEventKind.Posted).Select(e => e.Body).ToList();
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"пока офлайн {i}").Append("после"), bodies);
        Assert.All(second.EventsOf(chat.ChatId), e => Assert.True(e.Seq > last));
        await second.DisposeAsync();
    }

    [Fact]
    public async Task CHAT_4_messages_are_normalised_edited_by_their_author_within_the_window_and_deleted()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var author = school.Students[0];

        await RpcAssert.Fails(StatusCode.InvalidArgument, () => author.Chats.SendMessageAsync(Text(chat.ChatId, "Привет\u202Eевил")), "FIELD_BAD_CHARACTERS", "CHAT-4");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => author.Chats.SendMessageAsync(Text(chat.ChatId, new string('я', 4001))), "FIELD_TOO_LONG", "CHAT-4");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => author.Chats.SendMessageAsync(Text(chat.ChatId, "ok", key: "")), "CLIENT_KEY_INVALID", "CHAT-4");
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => author.Chats.SendMessageAsync(Text(chat.ChatId, "ok", key: "k\0x")), "CLIENT_KEY_INVALID", "CHAT-4");
        Assert.Empty((await author.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId })).Messages);
        var sent = await author.Chats.SendMessageAsync(Text(chat.ChatId, "Домашка на завтра?"));
        var reply = await school.Teacher.Chats.SendMessageAsync(new SendMessageRequest
        {
            ChatId = chat.ChatId,
            ClientKey = "reply-1",
            Body = "Стр. 42",
            ReplyTo = sent.Seq,
            Mentions = { author.UserId },
        });
        await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => author.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "r2", Body = "?", ReplyTo = 9999 }), "REPLY_INVALID");
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => school.Students[1].Chats.EditMessageAsync(new EditMessageRequest { ChatId = chat.ChatId, Seq = sent.Seq, Body = "чужое" }), "NOT_AUTHOR");
        await author.Chats.EditMessageAsync(new EditMessageRequest { ChatId = chat.ChatId, Seq = sent.Seq, Body = "Домашка на завтра? (по алгебре)" });
        Server.Clock.Advance(TimeSpan.FromHours(25));
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => author.Chats.EditMessageAsync(new EditMessageRequest { ChatId = chat.ChatId, Seq = sent.Seq, Body = "поздно" }), "EDIT_WINDOW_PASSED", "CHAT-4");
        await author.Chats.DeleteMessageAsync(new DeleteMessageRequest { ChatId = chat.ChatId, Seq = sent.Seq });

        var history = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        var original = history.Messages.Single(m => m.Seq == sent.Seq);
        Assert.Equal("", original.Body);
        Assert.NotNull(original.DeletedAt);
        Assert.NotNull(original.EditedAt);
        var answer = history.Messages.Single(m => m.Seq == reply.Seq);
        Assert.Equal((sent.Seq, author.UserId), (answer.ReplyTo, answer.Mentions.Single()));
    }

    [Fact]
    public async Task CHAT_7_a_member_sending_too_fast_is_refused_and_nothing_is_stored_for_it()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var spammer = school.Students[0];

        var refused = 0;
        for (var i = 0; i < 25; i++)
        {
            try
            {
                await spammer.Chats.SendMessageAsync(Text(chat.ChatId, $"спам {i}"));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                refused++;
            }
        }

        Assert.Equal(5, refused);
        var stored = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId, Limit = 200 });
        Assert.Equal(20, stored.Messages.Count);
        await RpcAssert.Fails(StatusCode.ResourceExhausted, () => spammer.Chats.SendMessageAsync(Text(chat.ChatId, "ещё")), "SEND_RATE_LIMITED", "CHAT-7");
        Server.Clock.Advance(TimeSpan.FromSeconds(5));
        await spammer.Chats.SendMessageAsync(Text(chat.ChatId, "через 5 секунд можно"));
    }

    [Fact]
    public async Task ETH_4_when_the_rules_change_members_accept_the_new_version_before_posting_and_unread_counts_follow_markers()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var student = school.Students[0];
        for (var i = 0; i < 3; i++) await school.Teacher.Chats.SendMessageAsync(Text(chat.ChatId, $"объявление {i}"));

        var mine = Assert.Single((await student.Chats.ListMyChatsAsync(new ListMyChatsRequest())).Chats, c => c.Chat.ChatId == chat.ChatId);
        Assert.Equal(3, mine.Unread);
        await student.Chats.MarkReadAsync(new MarkReadRequest { ChatId = chat.ChatId, Seq = mine.Chat.LastSeq });
        Assert.Equal(0, (await student.Chats.ListMyChatsAsync(new ListMyChatsRequest())).Chats.Single(c => c.Chat.ChatId == chat.ChatId).Unread);

        var changed = (await school.Teacher.Chats.SetRulesAsync(new SetRulesRequest { ChatId = chat.ChatId, Clauses = { "Уважайте друг друга.", "Не публикуйте чужие данные." } })).Chat;
        Assert.Equal(2, changed.Rules.Version);
        Assert.True((await student.Chats.ListMyChatsAsync(new ListMyChatsRequest())).Chats.Single(c => c.Chat.ChatId == chat.ChatId).RulesToAccept);
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => student.Chats.SendMessageAsync(Text(chat.ChatId, "можно?")), "RULES_NOT_ACCEPTED", "ETH-4");
        await student.Chats.AcceptRulesAsync(new AcceptRulesRequest { ChatId = chat.ChatId, Version = 2 });
        await student.Chats.SendMessageAsync(Text(chat.ChatId, "можно"));
    }

    [Fact]
    public async Task ETH_9_a_student_who_leaves_the_school_drops_out_of_its_chats_with_their_parent_and_their_stream_stops_carrying_them()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2, parents: 2);
        var studentsChat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var parentsChat = await school.ChatAsync(school.Teacher, ChatKind.ClassParents, school.Parents);
        var leaver = school.Students[0];
        var leaverStream = StreamRecorder.Open(leaver, (studentsChat.ChatId, studentsChat.LastSeq));
        var teacherStream = StreamRecorder.Open(school.Teacher, (studentsChat.ChatId, studentsChat.LastSeq), (parentsChat.ChatId, parentsChat.LastSeq));
        await leaverStream.UntilAsync(r => r.CaughtUp(studentsChat.ChatId));
        await teacherStream.UntilAsync(r => r.CaughtUp(parentsChat.ChatId));

        await school.Admin.Members.RecordStudentLeftAsync(new RecordStudentLeftRequest { SchoolId = school.SchoolId, UserId = leaver.UserId });

        await teacherStream.UntilAsync(r =>
            r.EventsOf(studentsChat.ChatId).Any(e => e.Kind == ChatEventKind.MemberRemoved && e.SubjectUserId == leaver.UserId) &&
            r.EventsOf(parentsChat.ChatId).Any(e => e.Kind == ChatEventKind.MemberRemoved && e.SubjectUserId == school.Parents[0].UserId));
        await leaverStream.UntilAsync(r => r.EventsOf(studentsChat.ChatId).Any(e => e.Kind == ChatEventKind.MemberRemoved));
        var members = await school.Teacher.Chats.ListChatMembersAsync(new ListChatMembersRequest { ChatId = parentsChat.ChatId });
        Assert.DoesNotContain(members.Members, m => m.UserId == school.Parents[0].UserId);
        Assert.Contains(members.Members, m => m.UserId == school.Parents[1].UserId);
        await RpcAssert.Fails(StatusCode.NotFound, () => leaver.Chats.SendMessageAsync(Text(studentsChat.ChatId, "я тут?")), "CHAT_NOT_FOUND");

        await school.Teacher.Chats.SendMessageAsync(Text(studentsChat.ChatId, "после ухода"));
        await teacherStream.UntilAsync(r => r.EventsOf(studentsChat.ChatId).Any(e => e.Body == "после ухода"));
        Assert.DoesNotContain(leaverStream.EventsOf(studentsChat.ChatId), e => e.Body == "после ухода");
        await leaverStream.DisposeAsync();
        await teacherStream.DisposeAsync();
    }

    [Fact]
    public async Task CHAT_4_a_client_key_is_its_authors_the_same_key_from_two_members_is_two_messages()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);

        var first = await school.Students[0].Chats.SendMessageAsync(Text(chat.ChatId, "от первого", key: "m-1"));
        var second = await school.Students[1].Chats.SendMessageAsync(Text(chat.ChatId, "от второго", key: "m-1"));

        Assert.False(second.Duplicate);
        Assert.NotEqual(first.Seq, second.Seq);
        var history = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        Assert.Equal(["от второго", "от первого"], history.Messages.Select(m => m.Body));
    }

    [Fact]
    public async Task CHAT_4_ETH_2_a_deleted_messages_text_never_comes_back_on_resync_not_even_through_its_edits()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var author = school.Students[0];
        var sent = await author.Chats.SendMessageAsync(Text(chat.ChatId, "первая версия"));
        await author.Chats.EditMessageAsync(new EditMessageRequest { ChatId = chat.ChatId, Seq = sent.Seq, Body = "вторая версия" });
        await school.Teacher.Moderation.DeleteMessageAsModeratorAsync(new DeleteMessageAsModeratorRequest { ChatId = chat.ChatId, Seq = sent.Seq, Clause = 1 });

        var fromStart = StreamRecorder.Open(school.Teacher, (chat.ChatId, 0));
        await fromStart.UntilAsync(r => r.CaughtUp(chat.ChatId));

        Assert.DoesNotContain(fromStart.EventsOf(chat.ChatId), e => e.Body.Contains("версия", StringComparison.Ordinal));
        Assert.Contains(fromStart.EventsOf(chat.ChatId), e => e.Kind == ChatEventKind.Deleted && e.TargetSeq == sent.Seq);
        await fromStart.DisposeAsync();
    }
}
