using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;

namespace DistrictSferum.Tests.Postgres;

/// <summary>
/// A movement is committed once the school has it; its fan-out to the chats finishes later if it must, and a school
/// whose outbox still holds it is never stuck waiting on itself.
/// </summary>
public sealed class MovementRecoveryTests
{
    [Fact]
    public async Task ETH_9_a_school_restarted_with_a_student_left_still_in_its_outbox_answers_at_once_and_the_movement_completes()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("movementrecovery");
        SchoolScenario school;
        Chat chat;
        Session leaver;
        await using (var first = await ServerHost.StartAsync(database))
        {
            school = await SchoolScenario.CreateAsync(first, students: 2, parents: 1);
            chat = await school.ChatAsync(school.Teacher, ChatKind.ClassParents, school.Parents);
            leaver = school.Students[0];

            // The chat log refuses the leaver's parent's removal: the fan-out fails after the movement is committed.
            await TestSql.ExecuteAsync(database, """
                CREATE FUNCTION refuse_removal() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'injected fault: no removals today'; END $$;
                CREATE TRIGGER refuse_removal BEFORE INSERT ON chat_events FOR EACH ROW WHEN (NEW.kind = 6) EXECUTE FUNCTION refuse_removal();
                """);
            var left = (await school.Admin.Members.RecordStudentLeftAsync(new RecordStudentLeftRequest { SchoolId = school.SchoolId, UserId = leaver.UserId })).Movement;
            Assert.Equal(leaver.UserId, left.UserId);
            Assert.Contains(await ChatMemberIdsAsync(school.Teacher, chat.ChatId), id => id == school.Parents[0].UserId);
        }

        await TestSql.ExecuteAsync(database, "DROP TRIGGER refuse_removal ON chat_events; DROP FUNCTION refuse_removal();");
        await using var second = await ServerHost.StartAsync(database);
        var admin = school.Admin.On(second.Channel);
        var teacher = school.Teacher.On(second.Channel);

        // Activating the school with the movement pending answers within seconds (it used to wait on itself).
        var seen = await admin.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = school.SchoolId }, deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.Equal(school.SchoolId, seen.School.SchoolId);
        var members = await admin.Members.ListMembersAsync(new ListMembersRequest { SchoolId = school.SchoolId }, deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.DoesNotContain(members.Members, m => m.UserId == leaver.UserId);

        // The movement completes on its own: the parent, whose only child left, is out of the parents' chat.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await ChatMemberIdsAsync(teacher, chat.ChatId)).Contains(school.Parents[0].UserId))
            await Task.Delay(200, deadline.Token);
        var stream = StreamRecorder.Open(teacher, (chat.ChatId, 0));
        await stream.UntilAsync(r => r.CaughtUp(chat.ChatId));
        Assert.Single(stream.EventsOf(chat.ChatId), e => e.Kind == ChatEventKind.MemberRemoved && e.SubjectUserId == school.Parents[0].UserId);
        await stream.DisposeAsync();
        await RpcAssert.Fails(StatusCode.NotFound, () => leaver.On(second.Channel).Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = school.SchoolId }), "SCHOOL_NOT_FOUND");
    }

    [Fact]
    public async Task ORG_9_a_withdrawal_whose_chat_removal_failed_is_committed_and_the_teacher_leaves_the_staff_room_exactly_once_after_a_restart()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("withdrawalrecovery");
        SchoolScenario school;
        Chat staffRoom;
        Session teacher;
        await using (var first = await ServerHost.StartAsync(database))
        {
            school = await SchoolScenario.CreateAsync(first, students: 0);
            teacher = await school.AddTeacherAsync();
            staffRoom = await school.ChatAsync(school.Admin, ChatKind.StaffRoom, [teacher], "Учительская");
            await TestSql.ExecuteAsync(database, """
                CREATE FUNCTION refuse_removal() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'injected fault: no removals today'; END $$;
                CREATE TRIGGER refuse_removal BEFORE INSERT ON chat_events FOR EACH ROW WHEN (NEW.kind = 6) EXECUTE FUNCTION refuse_removal();
                """);
            var withdrawn = await school.Admin.Members.WithdrawVerificationAsync(new WithdrawVerificationRequest { SchoolId = school.SchoolId, UserId = teacher.UserId });
            Assert.False(withdrawn.Member.VerifiedTeacher);
            Assert.Contains(await ChatMemberIdsAsync(school.Admin, staffRoom.ChatId), id => id == teacher.UserId);
        }

        await TestSql.ExecuteAsync(database, "DROP TRIGGER refuse_removal ON chat_events; DROP FUNCTION refuse_removal();");
        await using var second = await ServerHost.StartAsync(database);
        var admin = school.Admin.On(second.Channel);
        var member = await admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = school.SchoolId, UserId = teacher.UserId }, deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.False(member.Member.VerifiedTeacher);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await ChatMemberIdsAsync(admin, staffRoom.ChatId)).Contains(teacher.UserId))
            await Task.Delay(200, deadline.Token);
        var stream = StreamRecorder.Open(admin, (staffRoom.ChatId, 0));
        await stream.UntilAsync(r => r.CaughtUp(staffRoom.ChatId));
        Assert.Single(stream.EventsOf(staffRoom.ChatId), e => e.Kind == ChatEventKind.MemberRemoved && e.SubjectUserId == teacher.UserId);
        await stream.DisposeAsync();
    }

    private static async Task<List<string>> ChatMemberIdsAsync(Session session, string chatId) =>
        (await session.Chats.ListChatMembersAsync(new ListChatMembersRequest { ChatId = chatId }, deadline: DateTime.UtcNow.AddSeconds(10))).Members.Select(m => m.UserId).ToList();
}
