using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;

namespace DistrictSferum.Tests.Postgres;

/// <summary>
/// Issue 14: the new school year through gRPC. The preview is exactly what is applied; it is applied once; and a
/// crash while the graduates' departures fan out to the chats is completed after a restart.
/// </summary>
public sealed class YearRolloverTests
{
    [Fact]
    public async Task ORG_10_ETH_9_the_rollover_applies_its_preview_once_and_its_graduates_leave_their_chats_after_a_crash()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("yearrollover");
        SchoolScenario school;
        string fifth, eleventh, chatId, fifthChatId;
        Session graduate, parent;
        PreviewYearRolloverResponse preview;
        await using (var first = await ServerHost.StartAsync(database))
        {
            school = await SchoolScenario.CreateAsync(first, students: 1, parents: 0);
            var admin = school.Admin;
            var lastYear = (await admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = school.SchoolId })).Classes.Single(c => c.ClassId == school.ClassId).AcademicYear - 1;
            fifth = (await admin.Classes.CreateClassAsync(new CreateClassRequest { SchoolId = school.SchoolId, Kind = ClassKind.Grade, Name = "5Б", AcademicYear = lastYear })).Class.ClassId;
            eleventh = (await admin.Classes.CreateClassAsync(new CreateClassRequest { SchoolId = school.SchoolId, Kind = ClassKind.Grade, Name = "11А", AcademicYear = lastYear })).Class.ClassId;
            await school.AddStudentAsync(fifth);
            graduate = await school.AddStudentAsync(eleventh);
            await admin.Classes.AttachClassTeacherAsync(new AttachClassTeacherRequest { SchoolId = school.SchoolId, ClassId = fifth, TeacherId = school.Teacher.UserId });
            fifthChatId = (await school.Teacher.Chats.CreateChatAsync(new CreateChatRequest
            {
                SchoolId = school.SchoolId,
                Kind = ChatKind.ClassStudents,
                Title = "5Б — ученики",
                ClassId = fifth,
                RuleClauses = { "Уважайте друг друга." },
            })).Chat.ChatId;
            parent = await first.SignInAsync(school.NextPhone());
            var parentLink = await admin.Invites.CreateInviteAsync(new CreateInviteRequest
            {
                SchoolId = school.SchoolId,
                ClassId = eleventh,
                Role = JoinRole.Parent,
                StudentId = graduate.UserId,
                AutoAccept = true,
                MaxUses = 1,
            });
            await parent.Invites.FollowInviteAsync(new FollowInviteRequest { Token = parentLink.Token });
            await admin.Classes.AttachClassTeacherAsync(new AttachClassTeacherRequest { SchoolId = school.SchoolId, ClassId = eleventh, TeacherId = school.Teacher.UserId });
            var chat = (await school.Teacher.Chats.CreateChatAsync(new CreateChatRequest
            {
                SchoolId = school.SchoolId,
                Kind = ChatKind.ClassParents,
                Title = "11А — родители",
                ClassId = eleventh,
                RuleClauses = { "Уважайте друг друга.", "Только по делу.", "Без рекламы." },
            })).Chat;
            chatId = chat.ChatId;
            var chatLink = await school.Teacher.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chatId });
            await parent.Chats.JoinChatAsync(new JoinChatRequest { LinkToken = chatLink.Token, AcceptedRulesVersion = chat.Rules.Version });

            preview = await admin.Classes.PreviewYearRolloverAsync(new PreviewYearRolloverRequest { SchoolId = school.SchoolId });
            Assert.Equal([("5Б", "6Б"), ("11А", "")], preview.Rollover.Classes.Select(c => (c.FromName, c.ToName)).ToList());
            Assert.Equal([graduate.UserId], preview.Rollover.GraduateIds);
            Assert.Equal([parent.UserId], preview.Rollover.ParentIdsLeaving);
            await RpcAssert.Fails(StatusCode.PermissionDenied,
                () => school.Teacher.Classes.PreviewYearRolloverAsync(new PreviewYearRolloverRequest { SchoolId = school.SchoolId }).ResponseAsync);

            // The chats cannot take the departures: the rollover is committed, its fan-out is not.
            await TestSql.ExecuteAsync(database, """
                CREATE FUNCTION refuse_removal() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'injected fault: no removals today'; END $$;
                CREATE TRIGGER refuse_removal BEFORE INSERT ON chat_events FOR EACH ROW WHEN (NEW.kind = 6) EXECUTE FUNCTION refuse_removal();
                """);
            var applied = await admin.Classes.ApplyYearRolloverAsync(new ApplyYearRolloverRequest { SchoolId = school.SchoolId });
            var expected = preview.Rollover.Clone();
            expected.Applied = true;
            Assert.Equal(expected, applied.Rollover);
        }

        await TestSql.ExecuteAsync(database, "DROP TRIGGER refuse_removal ON chat_events; DROP FUNCTION refuse_removal();");
        await using var second = await ServerHost.StartAsync(database);
        var again = school.Admin.On(second.Channel);
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => again.Classes.ApplyYearRolloverAsync(new ApplyYearRolloverRequest { SchoolId = school.SchoolId }).ResponseAsync, "ROLLOVER_DONE");
        Assert.True((await again.Classes.PreviewYearRolloverAsync(new PreviewYearRolloverRequest { SchoolId = school.SchoolId })).Rollover.Applied);

        var classes = (await again.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = school.SchoolId, IncludeArchived = true })).Classes;
        Assert.Equal(("6Б", preview.Rollover.ToYear, 1), (classes.Single(c => c.ClassId == fifth).Name, classes.Single(c => c.ClassId == fifth).AcademicYear, classes.Single(c => c.ClassId == fifth).StudentCount));
        Assert.True(classes.Single(c => c.ClassId == eleventh).Archived);
        await RpcAssert.Fails(StatusCode.NotFound, () => graduate.On(second.Channel).Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = school.SchoolId }).ResponseAsync, "SCHOOL_NOT_FOUND");

        // The departures reach the chat on their own after the restart: the graduate's parent is out of the parents' chat.
        var teacher = school.Teacher.On(second.Channel);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await teacher.Chats.ListChatMembersAsync(new ListChatMembersRequest { ChatId = chatId })).Members.Any(m => m.UserId == parent.UserId))
            await Task.Delay(200, deadline.Token);

        // The class chat that follows its class takes its new name; the graduated class's chat is archived.
        while ((await teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = fifthChatId })).Chat.Title != "6Б — ученики")
            await Task.Delay(200, deadline.Token);
        Assert.Null((await teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = fifthChatId })).Chat.ArchivedAt);
        Assert.NotNull((await teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = chatId })).Chat.ArchivedAt);
    }

    [Fact]
    public async Task ORG_10_a_school_that_archives_its_class_chats_keeps_their_history_readable_and_adds_nothing_new()
    {
        var postgres = await SharedPostgres.GetAsync();
        await using var server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("yeararchive"));
        var school = await SchoolScenario.CreateAsync(server, students: 0, parents: 0);
        var admin = school.Admin;
        var lastYear = (await admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = school.SchoolId })).Classes.Single(c => c.ClassId == school.ClassId).AcademicYear - 1;
        var fifth = (await admin.Classes.CreateClassAsync(new CreateClassRequest { SchoolId = school.SchoolId, Kind = ClassKind.Grade, Name = "5Б", AcademicYear = lastYear })).Class.ClassId;
        var student = await school.AddStudentAsync(fifth);
        await admin.Classes.AttachClassTeacherAsync(new AttachClassTeacherRequest { SchoolId = school.SchoolId, ClassId = fifth, TeacherId = school.Teacher.UserId });
        var chat = (await school.Teacher.Chats.CreateChatAsync(new CreateChatRequest
        {
            SchoolId = school.SchoolId,
            Kind = ChatKind.ClassStudents,
            Title = "5Б",
            ClassId = fifth,
            RuleClauses = { "Уважайте друг друга." },
        })).Chat;
        var link = await school.Teacher.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chat.ChatId });
        await student.Chats.JoinChatAsync(new JoinChatRequest { LinkToken = link.Token, AcceptedRulesVersion = chat.Rules.Version });
        await student.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "before", Body = "До свидания, пятый класс!" });

        var preview = await admin.Classes.PreviewYearRolloverAsync(new PreviewYearRolloverRequest { SchoolId = school.SchoolId, ArchiveClassChats = true });
        Assert.True(preview.Rollover.ClassChatsArchived);
        Assert.Null((await school.Teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = chat.ChatId })).Chat.ArchivedAt);
        var applied = await admin.Classes.ApplyYearRolloverAsync(new ApplyYearRolloverRequest { SchoolId = school.SchoolId, ArchiveClassChats = true });
        Assert.True(applied.Rollover.ClassChatsArchived);

        // The class moved up with its people; its chat is read-only and says why; what was said stays.
        Assert.NotNull((await school.Teacher.Chats.GetChatAsync(new GetChatRequest { ChatId = chat.ChatId })).Chat.ArchivedAt);
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => student.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "after", Body = "Привет, шестой!" }).ResponseAsync, "CHAT_ARCHIVED", "ORG-10");
        await RpcAssert.Fails(StatusCode.FailedPrecondition,
            () => school.Teacher.Chats.CreateChatLinkAsync(new CreateChatLinkRequest { ChatId = chat.ChatId }).ResponseAsync, "CHAT_ARCHIVED");
        var history = await student.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId });
        Assert.Contains(history.Messages, m => m.Body == "До свидания, пятый класс!");
        Assert.Contains(history.Events, e => e.Kind == ChatEventKind.ChatArchived);
        Assert.Equal("6Б", (await admin.Classes.ListClassesAsync(new ListClassesRequest { SchoolId = school.SchoolId })).Classes.Single(c => c.ClassId == fifth).Name);

        // Leaving stays a member's own choice; the new year's chat of the class is a new one.
        await student.Chats.LeaveChatAsync(new LeaveChatRequest { ChatId = chat.ChatId });
        var next = (await school.Teacher.Chats.CreateChatAsync(new CreateChatRequest
        {
            SchoolId = school.SchoolId,
            Kind = ChatKind.ClassStudents,
            Title = "6Б",
            ClassId = fifth,
            RuleClauses = { "Уважайте друг друга." },
        })).Chat;
        Assert.Null(next.ArchivedAt);
    }
}
