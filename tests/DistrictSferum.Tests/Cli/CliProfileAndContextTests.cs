using DistrictSferum.Cli;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Tests.Infrastructure;
using static DistrictSferum.Tests.Cli.CliText;

namespace DistrictSferum.Tests.Cli;

/// <summary>
/// sferumctl as a newcomer meets it, against a real server: the login hint that keeps --name, renaming oneself, whoami
/// with schools by name, the current school (<c>use</c>) and named contexts.
/// </summary>
public sealed class CliProfileAndContextTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-profile-")
{
    [Fact]
    public async Task Login_without_a_terminal_repeats_the_whole_command_quoted_with_its_name_and_profile_set_name_renames()
    {
        var contact = "+7 955 777-12-34";
        var parent = Cli.Person("parent");

        var asked = (await parent.RunWithoutPromptAsync("login", "--server", Server.Address, "--contact", contact, "--name", "Анна Иванова"))
            .Expect(ExitCodes.Usage);

        var hint = $"sferumctl login --server {Server.Address} --contact '{contact}' --name 'Анна Иванова' --code CODE";
        Assert.Contains(hint, asked.Error, StringComparison.Ordinal);
        // Run as printed, with the code: the name is kept (not "Новый пользователь").
        var code = Server.Codes.CodeFor(ContactAddress.Parse(contact).Value);
        (await parent.RunWithoutPromptAsync("login", "--server", Server.Address, "--contact", contact, "--name", "Анна Иванова", "--code", code)).Ok();
        Assert.Equal("Анна Иванова", (await parent.RunAsync("--json", "whoami")).Ok().Json().GetProperty("displayName").GetString());

        var renamed = (await parent.RunAsync("profile", "set-name", "Анна Петровна Иванова")).Ok();
        Assert.Contains("Your name is now Анна Петровна Иванова.", renamed.Out, StringComparison.Ordinal);
        Assert.Equal("Анна Петровна Иванова", (await parent.RunAsync("--json", "whoami")).Ok().Json().GetProperty("displayName").GetString());
        // The same validation as at sign-in: an empty name is refused and changes nothing.
        (await parent.RunAsync("profile", "set-name", " ")).Expect(ExitCodes.Usage);
        Assert.Equal("Анна Петровна Иванова", (await parent.RunAsync("--json", "whoami")).Ok().Json().GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Whoami_names_the_schools_and_use_makes_one_current_so_SCHOOL_ID_may_be_left_out()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 0);
        var admin = await Cli.SignInAsync(school, "admin", school.Admin);
        var name = (await admin.RunAsync("--json", "school", "show", school.SchoolId)).Ok().Json().GetProperty("info").GetProperty("name").GetString()!;

        var whoami = (await admin.RunAsync("whoami")).Ok();
        Assert.Contains($"{name} ({school.SchoolId})", whoami.Out, StringComparison.Ordinal);
        Assert.Contains("none (`sferumctl use SCHOOL` chooses one)", whoami.Out, StringComparison.Ordinal);

        // Without a current school, SCHOOL_ID is required and the hint says how to choose one.
        var missing = (await admin.RunAsync("class", "list")).Expect(ExitCodes.Usage);
        Assert.Contains("sferumctl use SCHOOL", missing.Error, StringComparison.Ordinal);

        var used = (await admin.RunAsync("use", name)).Ok();
        Assert.Contains($"Using {name} ({school.SchoolId})", used.Out, StringComparison.Ordinal);
        var classes = (await admin.RunAsync("--json", "class", "list")).Ok().Json();
        Assert.Contains(classes.GetProperty("classes").EnumerateArray(), c => c.GetProperty("classId").GetString() == school.ClassId);
        // An explicit SCHOOL_ID still wins, and commands with more arguments take the current school first.
        (await admin.RunAsync("class", "list", school.SchoolId)).Ok();
        var created = (await admin.RunAsync("--json", "class", "create", "7Б")).Ok().Json();
        Assert.Equal("7Б", created.GetProperty("name").GetString());
        Assert.Contains($"{name} ({school.SchoolId})", (await admin.RunAsync("whoami")).Ok().Out, StringComparison.Ordinal);

        var unknown = (await admin.RunAsync("use", "Школа, которой нет")).Expect(ExitCodes.NotFound);
        Assert.Contains(school.SchoolId, unknown.Error, StringComparison.Ordinal);
        (await admin.RunAsync("use", "--clear")).Ok();
        (await admin.RunAsync("class", "list")).Expect(ExitCodes.Usage);
    }

    [Fact]
    public async Task Contexts_keep_a_login_per_server_and_never_send_it_elsewhere()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 0);
        var admin = await Cli.SignInAsync(school, "admin", school.Admin);
        var server = new Uri(Server.Address);

        // login --server made a context named after the address, and made it current.
        var contexts = (await admin.RunAsync("--json", "context", "list")).Ok().Json();
        Assert.Equal(server.Authority, contexts.GetProperty("currentContext").GetString());
        Assert.True(contexts.GetProperty("contexts")[0].GetProperty("signedIn").GetBoolean());

        // A second, named context: its own (missing) login; the first keeps working by name.
        (await admin.RunAsync("context", "add", "elsewhere", "--server", "http://127.0.0.1:1")).Ok();
        (await admin.RunAsync("context", "use", "elsewhere")).Ok();
        var notThere = (await admin.RunAsync("whoami")).Expect(ExitCodes.Unauthenticated);
        Assert.Contains("not signed in to http://127.0.0.1:1", notThere.Error, StringComparison.Ordinal);
        Assert.Equal(school.Admin.UserId, (await admin.RunAsync("--json", "whoami", "--server", server.Authority)).Ok().Json().GetProperty("userId").GetString());
        (await admin.RunAsync("context", "use", server.Authority)).Ok();
        (await admin.RunAsync("whoami")).Ok();

        var listed = Lines((await admin.RunAsync("context", "list")).Ok().Out);
        Assert.Contains(listed, l => l.StartsWith('*') && l.Contains(Server.Address, StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal));
        Assert.Contains(listed, l => l.Contains("elsewhere", StringComparison.Ordinal) && l.Contains(" no", StringComparison.Ordinal));
    }
}
