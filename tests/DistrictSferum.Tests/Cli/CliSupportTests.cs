using System.Text.Json;
using DistrictSferum.Cli;
using DistrictSferum.Tests.Infrastructure;

namespace DistrictSferum.Tests.Cli;

/// <summary>sferumctl support … against a real server (REG-5).</summary>
public sealed class CliSupportTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-support-")
{
    [Fact]
    public async Task REG_5_a_ticket_is_opened_answered_escalated_and_closed_with_sferumctl()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var student = await Cli.SignInAsync(school, "student", school.Students[0]);
        var admin = await Cli.SignInAsync(school, "admin", school.Admin);
        var op = Cli.Person("operator");
        (await op.LoginAsync(ServerHost.OperatorPhone)).Ok();

        var opened = JsonDocument.Parse((await student.RunAsync("--json", "support", "open", school.SchoolId, "--category", "classes",
            "--subject", "Нет класса", "--text", "Меня нет в списке 6А")).Ok().Out).RootElement.GetProperty("ticket");
        var ticketId = opened.GetProperty("ticketId").GetString()!;
        (await student.RunAsync("support", "open", school.SchoolId, "--category", "weather", "--subject", "x", "--text", "y")).Expect(ExitCodes.Usage);

        Assert.Contains(ticketId, (await admin.RunAsync("support", "list", "--school", school.SchoolId, "--open")).Ok().Out, StringComparison.Ordinal);
        var replied = (await admin.RunAsync("support", "reply", ticketId, "Добавили вас в 6А")).Ok().Out;
        Assert.Contains("Добавили вас в 6А", replied, StringComparison.Ordinal);
        Assert.Contains("answered", replied, StringComparison.Ordinal);
        (await student.RunAsync("support", "escalate", ticketId)).Expect(ExitCodes.PermissionDenied);
        Assert.Contains("district operators", (await admin.RunAsync("support", "escalate", ticketId, "--note", "Проверьте журнал")).Ok().Out, StringComparison.Ordinal);
        Assert.Contains(ticketId, (await op.RunAsync("support", "list", "--district")).Ok().Out, StringComparison.Ordinal);
        Assert.Contains("closed", (await student.RunAsync("support", "status", ticketId, "closed")).Ok().Out, StringComparison.Ordinal);
        var shown = (await student.RunAsync("support", "show", ticketId)).Ok().Out;
        Assert.Contains("Передано в округ: Проверьте журнал", shown, StringComparison.Ordinal);
        Assert.Contains(ticketId, (await student.RunAsync("support", "list")).Ok().Out, StringComparison.Ordinal);
        // Figures and a catch-up watch of the school's queue, as an administrator's scripts use them.
        var figures = JsonDocument.Parse((await admin.RunAsync("--json", "support", "figures", "--school", school.SchoolId, "--from", "2020-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z")).Ok().Out).RootElement;
        Assert.Equal("1", figures.GetProperty("opened").GetString());
        var watched = (await admin.RunAsync("support", "watch", "--school", school.SchoolId, "--since", "2020-01-01T00:00:00Z", "--count", "1", "--timeout", "30")).Ok().Out;
        Assert.Contains(ticketId, watched, StringComparison.Ordinal);
        (await student.RunAsync("support", "figures", "--school", school.SchoolId, "--from", "2020-01-01T00:00:00Z")).Expect(ExitCodes.PermissionDenied);
        var suggestion = (await student.RunAsync("support", "suggest", school.SchoolId, "--subject", "Тёмная тема", "--text", "Пожалуйста")).Ok().Out;
        Assert.Contains("with the district operators", suggestion, StringComparison.Ordinal);
    }
}
