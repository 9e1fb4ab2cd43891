using System.Text.Json;
using DistrictSferum.Cli;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;

namespace DistrictSferum.Tests.Cli;

/// <summary>A teacher's lesson and the administrator's broadcast with sferumctl, against a real server (CHAT-9, ORG-13, ORG-17).</summary>
public sealed class CliMeetingTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-meet-")
{
    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ssK");

    [Fact]
    public async Task CHAT_9_ORG_13_ORG_17_a_lesson_and_a_broadcast_are_planned_joined_listed_and_ended_with_sferumctl()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chatId = (await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students)).ChatId;
        var teacher = await Cli.SignInAsync(school, "teacher", school.Teacher);
        var student = await Cli.SignInAsync(school, "student", school.Students[0]);
        var admin = await Cli.SignInAsync(school, "admin", school.Admin);
        var start = Server.Clock.GetUtcNow().AddMinutes(5);

        var created = JsonDocument.Parse((await teacher.RunAsync("--json", "meeting", "create", school.SchoolId, "--kind", "lesson", "--chat", chatId,
            "--title", "Алгебра", "--start", Iso(start), "--minutes", "45", "--weeks", "3")).Ok().Out).RootElement;
        var lessonId = created.GetProperty("meetingId").GetString()!;
        Assert.Equal(3, created.GetProperty("weeklyOccurrences").GetInt32());

        var listed = (await student.RunAsync("meeting", "list")).Ok().Out;
        Assert.Contains(lessonId, listed, StringComparison.Ordinal);
        Assert.Contains("3 upcoming.", listed, StringComparison.Ordinal);
        var joined = (await student.RunAsync("meeting", "join", lessonId)).Ok().Out;
        Assert.StartsWith("https://meet.example.org/sferum-", joined, StringComparison.Ordinal);
        var cancelled = (await teacher.RunAsync("meeting", "cancel", lessonId, "--occurrence", Iso(start.AddDays(7)))).Ok().Out;
        Assert.Contains("skips that week", cancelled, StringComparison.Ordinal);
        Assert.Contains("2 upcoming.", (await student.RunAsync("meeting", "list")).Ok().Out, StringComparison.Ordinal);
        (await student.RunAsync("meeting", "cancel", lessonId)).Expect(ExitCodes.PermissionDenied);
        (await student.RunAsync("meeting", "reschedule", lessonId, "--start", Iso(start.AddDays(1)))).Expect(ExitCodes.PermissionDenied);
        (await student.RunAsync("meeting", "reschedule", lessonId, "--start", "tomorrow")).Expect(ExitCodes.Usage);
        (await student.RunAsync("meeting", "create", school.SchoolId, "--kind", "lesson", "--title", "x", "--start", Iso(start))).Expect(ExitCodes.Usage);

        var call = JsonDocument.Parse((await teacher.RunAsync("--json", "meeting", "create", school.SchoolId, "--kind", "call", "--chat", chatId,
            "--title", "Консультация", "--start", Iso(start.AddHours(2)))).Ok().Out).RootElement.GetProperty("meetingId").GetString()!;
        var moved = (await teacher.RunAsync("meeting", "reschedule", call, "--start", Iso(start.AddHours(4)), "--minutes", "30")).Ok().Out;
        Assert.Contains("moved; its audience was notified", moved, StringComparison.Ordinal);
        var shown = JsonDocument.Parse((await student.RunAsync("--json", "meeting", "show", call)).Ok().Out).RootElement;
        Assert.Equal(DateTimeOffset.Parse(Iso(start.AddHours(4))), shown.GetProperty("start").GetDateTimeOffset());
        Assert.Equal("1800s", shown.GetProperty("duration").GetString());
        Assert.Contains("scheduled", (await student.RunAsync("meeting", "show", call)).Ok().Out, StringComparison.Ordinal);

        var planned = (await admin.RunAsync("--json", "broadcast", "plan", school.SchoolId, "--title", "Линейка", "--start", Iso(start.AddHours(1)), "--minutes", "30")).Ok().Out;
        var broadcastId = JsonDocument.Parse(planned).RootElement.GetProperty("meetingId").GetString()!;
        (await teacher.RunAsync("broadcast", "plan", school.SchoolId, "--title", "Моя", "--start", Iso(start.AddHours(1)))).Expect(ExitCodes.PermissionDenied);
        Assert.Contains("is live", (await admin.RunAsync("broadcast", "start", broadcastId)).Ok().Out, StringComparison.Ordinal);
        (await student.RunAsync("meeting", "join", broadcastId)).Ok();
        Assert.Contains("ended", (await admin.RunAsync("broadcast", "end", broadcastId)).Ok().Out, StringComparison.Ordinal);

        var all = JsonDocument.Parse((await admin.RunAsync("--json", "meeting", "list", "--school", school.SchoolId)).Ok().Out).RootElement.GetProperty("meetings");
        var counts = all.EnumerateArray().ToDictionary(m => m.GetProperty("meetingId").GetString()!, m => m.TryGetProperty("attendanceCount", out var c) ? long.Parse(c.ToString()) : 0);
        Assert.Equal(1, counts[lessonId]);
        Assert.Equal(1, counts[broadcastId]);
        (await teacher.RunAsync("meeting", "list", "--school", school.SchoolId)).Expect(ExitCodes.PermissionDenied);
    }
}
