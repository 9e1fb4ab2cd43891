using DistrictSferum.Cli;
using DistrictSferum.Tests.Infrastructure;
using static DistrictSferum.Tests.Cli.CliText;

namespace DistrictSferum.Tests.Cli;

/// <summary>
/// sferumctl run in-process against a real server on a real PostgreSQL database, as the README's journey goes:
/// every person has their own config file, and answers the login prompt with the code their phone received.
/// </summary>
/// <remarks>
/// The server's clock is frozen and allows 5 codes an hour per contact, so the operator signs in at most once a test.
/// </remarks>
public sealed class CliEndToEndTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-e2e-")
{
    [Fact]
    public async Task ORG_1_ORG_2_operator_registers_a_school_and_its_administrator_runs_it_with_sferumctl()
    {
        // 1. The district operator signs in, answering the prompt with the code sent to their phone.
        var op = Cli.Person("operator");
        var opLogin = await op.LoginAsync(ServerHost.OperatorPhone);
        Assert.Contains($"Signed in to {Server.Address} as user", opLogin.Out, StringComparison.Ordinal);
        Assert.Contains(ServerHost.OperatorPhone, Assert.Single(op.Prompts), StringComparison.Ordinal);

        // 2. ...registers a school from its application (ORG-1); the server comes from the saved login.
        var registered = (await op.RunAsync("--json", "school", "register", "--name", "МБОУ СОШ № 7", "--short-name", "Школа № 7",
            "--address", "г. Тверь, ул. Советская, 10", "--timezone", "Europe/Moscow", "--journal-url", "https://dnevnik.example.org/",
            "--admin-name", "Смирнова Анна Сергеевна", "--admin-email", "admin7@example.org", "--admin-phone", "+7 999 123-45-67",
            "--order-number", "12-к", "--order-date", "2026-08-20")).Ok();
        var schoolId = Json(registered.Out).GetProperty("schoolId").GetString()!;
        Assert.False(string.IsNullOrEmpty(schoolId));

        // ...and finds it in the register, as a table and as JSON.
        var table = (await op.RunAsync("school", "list")).Ok();
        Assert.Contains(schoolId, table.Out, StringComparison.Ordinal);
        Assert.Contains("МБОУ СОШ № 7", table.Out, StringComparison.Ordinal);
        var listed = (await op.RunAsync("school", "list", "--json", "--all")).Ok();
        var school = Assert.Single(Json(listed.Out).GetProperty("schools").EnumerateArray(), s => s.GetProperty("schoolId").GetString() == schoolId);
        Assert.Equal("МБОУ СОШ № 7", school.GetProperty("name").GetString());

        // 3. The appointed administrator signs in with the application's phone, in their own config file.
        var admin = Cli.Person("admin");
        (await admin.LoginAsync("+7 999 123-45-67")).Ok();
        Assert.NotEqual(op.SavedConfig().UserId, admin.SavedConfig().UserId);

        var shown = (await admin.RunAsync("school", "show", schoolId)).Ok();
        Assert.Contains(schoolId, shown.Out, StringComparison.Ordinal);
        Assert.Contains("МБОУ СОШ № 7", shown.Out, StringComparison.Ordinal);
        Assert.Contains("No. 12-к of 2026-08-20", shown.Out, StringComparison.Ordinal);
        // Administrators by name; by id with --ids.
        Assert.DoesNotContain(admin.SavedConfig().UserId!, shown.Out, StringComparison.Ordinal);
        Assert.Contains(admin.SavedConfig().UserId!, (await admin.RunAsync("school", "show", schoolId, "--ids")).Ok().Out, StringComparison.Ordinal);

        // ...edits the address only (ORG-2)...
        var updated = (await admin.RunAsync("school", "update", schoolId, "--address", "ул. Мира, 2")).Ok();
        Assert.Contains("ул. Мира, 2", updated.Out, StringComparison.Ordinal);
        var info = Json((await admin.RunAsync("school", "show", schoolId, "--json")).Ok().Out).GetProperty("info");
        Assert.Equal("ул. Мира, 2", info.GetProperty("address").GetString());
        Assert.Equal("МБОУ СОШ № 7", info.GetProperty("name").GetString());
        Assert.Equal("Школа № 7", info.GetProperty("shortName").GetString());
        Assert.Equal("https://dnevnik.example.org/", info.GetProperty("journalUrl").GetString());

        // ...and is, by whoami, the administrator of that school and no operator.
        var whoami = (await admin.RunAsync("whoami")).Ok();
        Assert.Contains(schoolId, whoami.Out, StringComparison.Ordinal);
        var me = Json((await admin.RunAsync("whoami", "--json")).Ok().Out);
        Assert.Equal([schoolId], me.GetProperty("schoolIds").EnumerateArray().Select(e => e.GetString()));
        Assert.False(me.TryGetProperty("districtOperator", out var isOperator) && isOperator.GetBoolean());
    }

    [Fact]
    public async Task ORG_1_DIS_1_refusals_exit_with_their_codes_and_name_the_rule()
    {
        var op = Cli.Person("operator");
        (await op.LoginAsync(ServerHost.OperatorPhone)).Ok();
        var schoolA = await RegisterSchoolAsync(op, "Школа А", "+79992220001");
        var schoolB = await RegisterSchoolAsync(op, "Школа Б", "+79992220002");
        var adminA = Cli.Person("admin-a");
        (await adminA.LoginAsync("+79992220001")).Ok();

        // An administrator is no operator: PERMISSION_DENIED, exit 5, naming ORG-1.
        var register = (await RegisterAsync(adminA, "Самозванная школа", "+79992220003")).Expect(ExitCodes.PermissionDenied);
        Assert.StartsWith("error: PERMISSION_DENIED: ", register.Error, StringComparison.Ordinal);
        Assert.Contains("rule ORG-1", register.Error, StringComparison.Ordinal);
        Assert.Equal("", register.Out);

        // Another school looks like no school at all: NOT_FOUND, exit 4, naming DIS-1.
        var show = await adminA.RunAsync("school", "show", schoolB);
        Assert.Equal(ExitCodes.NotFound, show.ExitCode);
        Assert.StartsWith("error: NOT_FOUND: ", show.Error, StringComparison.Ordinal);
        Assert.Contains("rule DIS-1", show.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Школа Б", show.Out + show.Error, StringComparison.Ordinal);
        (await adminA.RunAsync("school", "show", schoolA)).Ok();

        // A malformed administrator's phone is the operator's mistake: INVALID_ARGUMENT, exit 2, nothing registered.
        var before = Json((await op.RunAsync("school", "list", "--all", "--json")).Ok().Out).GetProperty("schools").GetArrayLength();
        var badPhone = (await RegisterAsync(op, "Школа без телефона", "12")).Expect(ExitCodes.Usage);
        Assert.StartsWith("error: INVALID_ARGUMENT: ", badPhone.Error, StringComparison.Ordinal);
        Assert.Contains("INVALID_PHONE", badPhone.Error, StringComparison.Ordinal);
        var after = Json((await op.RunAsync("school", "list", "--all", "--json")).Ok().Out).GetProperty("schools").GetArrayLength();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Health_exits_0_and_prints_SERVING_without_a_login()
    {
        var anyone = Cli.Person("anyone");

        var table = (await anyone.RunAsync("--server", Server.Address, "health")).Ok();
        var json = (await anyone.RunAsync("health", "--json", "--server", Server.Address)).Ok();

        Assert.Contains($"{Server.Address}: SERVING", table.Out, StringComparison.Ordinal);
        Assert.Equal("SERVING", Json(json.Out).GetProperty("status").GetString());
        Assert.False(File.Exists(anyone.ConfigPath));
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_before_the_call_and_saved()
    {
        var op = Cli.Person("operator");
        (await op.LoginAsync(ServerHost.OperatorPhone)).Ok();
        var signedIn = op.SavedConfig();
        Assert.True(signedIn.AccessExpiresAt > DateTimeOffset.UtcNow);

        // The access token has expired (and would not work anyway); the refresh token is still good.
        op.TamperConfig(config =>
        {
            config["accessExpiresAt"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O");
            config["accessToken"] = "expired.access.token";
        });

        var me = Json((await op.RunAsync("whoami", "--json")).Ok().Out);

        Assert.Equal(signedIn.UserId, me.GetProperty("userId").GetString());
        Assert.True(me.GetProperty("districtOperator").GetBoolean());
        var refreshed = op.SavedConfig();
        Assert.NotEqual("expired.access.token", refreshed.AccessToken);
        Assert.NotEqual(signedIn.AccessToken, refreshed.AccessToken);
        Assert.NotEqual(signedIn.RefreshToken, refreshed.RefreshToken);
        Assert.True(refreshed.AccessExpiresAt > DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(signedIn.UserId, refreshed.UserId);
        Assert.Equal(Server.Address, refreshed.Server);

        // The refreshed token is used as it is by the next command.
        (await op.RunAsync("school", "list")).Ok();
        Assert.Equal(refreshed.AccessToken, op.SavedConfig().AccessToken);

        // Once the refresh token has expired too, only a new login helps: exit 3 with the hint.
        op.TamperConfig(config =>
        {
            config["accessExpiresAt"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O");
            config["refreshExpiresAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        });
        var expired = await op.RunAsync("whoami");
        Assert.Equal(ExitCodes.Unauthenticated, expired.ExitCode);
        Assert.Contains("expired", expired.Error, StringComparison.Ordinal);
        Assert.Contains("sferumctl login", expired.Error, StringComparison.Ordinal);
    }

    /// <summary><c>school register</c> with a well-formed application but for the name and the administrator's phone.</summary>
    private static Task<CliResult> RegisterAsync(CliPerson runner, string name, string adminPhone) =>
        runner.RunAsync("school", "register", "--name", name, "--admin-name", "Смирнова Анна Сергеевна",
            "--admin-email", $"admin{adminPhone.Trim('+')}@school.example.org", "--admin-phone", adminPhone,
            "--order-number", "12-к", "--order-date", "2026-08-20");

    /// <summary>Registers a school as the operator and returns its id, read from <c>school list --json</c>.</summary>
    private static async Task<string> RegisterSchoolAsync(CliPerson op, string name, string adminPhone)
    {
        var registered = (await RegisterAsync(op, name, adminPhone)).Ok();
        var id = Json((await op.RunAsync("school", "list", "--all", "--json")).Ok().Out).GetProperty("schools").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == name).GetProperty("schoolId").GetString()!;
        Assert.Contains(id, registered.Out, StringComparison.Ordinal);
        return id;
    }
}
