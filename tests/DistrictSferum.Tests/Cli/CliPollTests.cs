using System.Text.Json;
using DistrictSferum.Cli;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;

namespace DistrictSferum.Tests.Cli;

/// <summary>A class teacher's poll with sferumctl, against a real server (CHAT-8).</summary>
public sealed class CliPollTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-poll-")
{
    [Fact]
    public async Task CHAT_8_a_poll_is_created_voted_shown_and_closed_with_sferumctl()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chatId = (await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students)).ChatId;
        var teacher = await Cli.SignInAsync(school, "teacher", school.Teacher);
        var student = await Cli.SignInAsync(school, "student", school.Students[0]);

        var created = JsonDocument.Parse((await teacher.RunAsync("--json", "poll", "create", chatId, "Куда едем?", "--option", "Музей", "--option", "Парк",
            "--option", "Театр", "--multiple")).Ok().Out).RootElement;
        var pollId = created.GetProperty("pollId").GetString()!;
        (await student.RunAsync("poll", "create", chatId, "Мой опрос", "--option", "А", "--option", "Б")).Expect(ExitCodes.PermissionDenied);
        (await teacher.RunAsync("poll", "create", chatId, "Один ответ", "--option", "А")).Expect(ExitCodes.Usage);

        var voted = (await student.RunAsync("poll", "vote", pollId, "1", "3")).Ok().Out;
        Assert.Contains("counted your vote", voted, StringComparison.Ordinal);
        Assert.Contains("1, 3", voted, StringComparison.Ordinal);
        (await student.RunAsync("poll", "vote", pollId, "4")).Expect(ExitCodes.Usage);
        var shown = JsonDocument.Parse((await teacher.RunAsync("--json", "poll", "show", pollId)).Ok().Out).RootElement;
        Assert.Equal([1, 0, 1], shown.GetProperty("options").EnumerateArray().Select(o => o.TryGetProperty("count", out var c) ? c.GetInt32() : 0));

        (await student.RunAsync("poll", "close", pollId)).Expect(ExitCodes.PermissionDenied);
        Assert.Contains("closed", (await teacher.RunAsync("poll", "close", pollId)).Ok().Out, StringComparison.Ordinal);
        (await student.RunAsync("poll", "retract", pollId)).Expect(ExitCodes.Conflict);
    }
}
