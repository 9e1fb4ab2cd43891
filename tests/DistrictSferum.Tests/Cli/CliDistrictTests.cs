using System.Text.Json;
using DistrictSferum.Cli;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;

namespace DistrictSferum.Tests.Cli;

/// <summary>sferumctl community … and school suspend|resume|recover|detail against a real server (issue 14).</summary>
public sealed class CliDistrictTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-district-")
{
    [Fact]
    public async Task DIS_2_an_operator_creates_a_community_teachers_of_two_schools_join_and_open_a_chat_with_sferumctl()
    {
        var a = await SchoolScenario.CreateAsync(Server, students: 0);
        var b = await SchoolScenario.CreateAsync(Server, students: 0);
        var op = Cli.Person("operator");
        (await op.LoginAsync(ServerHost.OperatorPhone)).Ok();
        var moderator = await Cli.SignInAsync(a, "moderator", a.Teacher);
        var teacher = await Cli.SignInAsync(b, "teacher", b.Teacher);

        (await op.RunAsync("community", "create", "--kind", "weekly", "--title", "x", "--moderator", a.Teacher.UserId)).Expect(ExitCodes.Usage);
        var created = JsonDocument.Parse((await op.RunAsync("--json", "community", "create", "--kind", "subject", "--title", "Учителя физики",
            "--moderator", a.Teacher.UserId)).Ok().Out).RootElement.GetProperty("community");
        var communityId = created.GetProperty("communityId").GetString()!;
        Assert.Contains("Учителя физики", (await teacher.RunAsync("community", "list")).Ok().Out, StringComparison.Ordinal);

        var link = (await moderator.RunAsync("community", "link", communityId)).Ok().Out.Trim();
        Assert.Contains("Учителя физики", (await teacher.RunAsync("community", "join", link)).Ok().Out, StringComparison.Ordinal);
        var members = (await moderator.RunAsync("community", "members", communityId)).Ok().Out;
        var bShort = (await b.Admin.Schools.GetSchoolAsync(new GetSchoolRequest { SchoolId = b.SchoolId })).School.Info.ShortName;
        Assert.Contains(bShort, members, StringComparison.Ordinal);

        (await teacher.RunAsync("community", "chat-create", communityId, "--title", "x", "--rule", "y")).Expect(ExitCodes.PermissionDenied);
        Assert.Contains("is open", (await moderator.RunAsync("community", "chat-create", communityId, "--channel", "--title", "Новости", "--rule", "Только объявления")).Ok().Out,
            StringComparison.Ordinal);
        Assert.Contains("Новости", (await teacher.RunAsync("community", "chats", communityId)).Ok().Out, StringComparison.Ordinal);
        Assert.Contains("left", (await teacher.RunAsync("community", "leave", communityId)).Ok().Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_suspends_resumes_recovers_and_inspects_a_school_with_sferumctl()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var op = Cli.Person("operator");
        (await op.LoginAsync(ServerHost.OperatorPhone)).Ok();
        var admin = await Cli.SignInAsync(school, "admin", school.Admin);

        (await admin.RunAsync("school", "suspend", school.SchoolId, "--reason", "x")).Expect(ExitCodes.PermissionDenied);
        Assert.Contains("Проверка документов", (await op.RunAsync("school", "suspend", school.SchoolId, "--reason", "Проверка документов")).Ok().Out, StringComparison.Ordinal);
        var refused = (await admin.RunAsync("class", "create", school.SchoolId, "8В")).Expect(ExitCodes.Conflict);
        Assert.Contains("Проверка документов", refused.Error, StringComparison.Ordinal);
        Assert.Contains("Проверка документов", (await op.RunAsync("school", "detail", school.SchoolId)).Ok().Out, StringComparison.Ordinal);
        Assert.Contains("no longer suspended", (await op.RunAsync("school", "resume", school.SchoolId)).Ok().Out, StringComparison.Ordinal);

        var phone = school.NextPhone();
        var recovered = (await op.RunAsync("school", "recover", school.SchoolId, "--admin-name", "Пётр Новиков", "--admin-email", "p.novikov@school.example",
            "--admin-phone", phone, "--order-number", "5", "--order-date", "2026-11-25")).Ok().Out;
        Assert.Contains("Пётр Новиков is an administrator", recovered, StringComparison.Ordinal);
        var newAdmin = Cli.Person("new-admin");
        (await newAdmin.LoginAsync(phone)).Ok();
        (await newAdmin.RunAsync("school", "update", school.SchoolId, "--address", "ул. Новая, 5")).Ok();
        Assert.Contains(school.SchoolId, (await op.RunAsync("school", "search", "сценария")).Ok().Out, StringComparison.Ordinal);
    }
}
