using DistrictSferum.Cli;
using DistrictSferum.Tests.Infrastructure;

namespace DistrictSferum.Tests.Cli;

/// <summary>Personal conversations with sferumctl against a real server (CHAT-10).</summary>
public sealed class CliDmTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-dm-")
{
    [Fact]
    public async Task CHAT_10_a_parent_starts_a_conversation_the_teacher_accepts_and_a_declined_student_cannot_write_again()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1, parents: 1);
        var parent = await Cli.SignInAsync(school, "parent", school.Parents[0]);
        var teacher = await Cli.SignInAsync(school, "teacher", school.Teacher);
        var student = await Cli.SignInAsync(school, "student", school.Students[0]);

        var started = (await parent.RunAsync("dm", "start", school.SchoolId, school.Teacher.UserId, "Здравствуйте!")).Ok().Out;
        var chatId = PersonalChatId(school, school.Parents[0], school.Teacher);
        Assert.Contains(chatId, started, StringComparison.Ordinal);
        (await parent.RunAsync("chat", "send", chatId, "Алло?")).Expect(ExitCodes.Conflict);
        (await teacher.RunAsync("dm", "accept", chatId)).Ok();
        (await parent.RunAsync("chat", "send", chatId, "Спасибо, что ответили")).Ok();

        (await student.RunAsync("dm", "start", school.SchoolId, school.Teacher.UserId, "Можно пересдать?")).Ok();
        var asked = PersonalChatId(school, school.Students[0], school.Teacher);
        Assert.Contains("Declined", (await teacher.RunAsync("dm", "decline", asked)).Ok().Out, StringComparison.Ordinal);
        (await student.RunAsync("chat", "send", asked, "Ну пожалуйста")).Expect(ExitCodes.Conflict);
        (await student.RunAsync("dm", "start", school.SchoolId, school.Parents[0].UserId, "Привет")).Expect(ExitCodes.PermissionDenied);
    }

    private static string PersonalChatId(SchoolScenario school, Session a, Session b) =>
        DistrictSferum.Contracts.Chats.PersonalChats.IdFor(school.SchoolId, a.UserId, b.UserId);
}
