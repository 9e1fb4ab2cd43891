using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>
/// No phone number, e-mail address or child's name in any log line: this test runs sign-in's noisiest paths on a
/// server logging at Debug, then scans every line every in-process server logged so far in the test run for every
/// contact that was ever sent a code.
/// </summary>
public sealed class LogScanTests
{
    [Fact]
    public async Task No_log_line_of_the_test_run_holds_a_test_accounts_phone_e_mail_or_childs_name()
    {
        var postgres = await SharedPostgres.GetAsync();
        await using (var server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("logscan"), settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Orleans"] = "Information",
            ["Logging:LogLevel:Microsoft"] = "Information",
        }))
        {
            var auth = new AuthService.AuthServiceClient(server.Channel);
            var parent = await server.SignInAsync("scan.parent+school@family.example.org");
            await server.SignInAsync("scan.parent@family.example.org", childName: "Соня Сканова");
            var school = await SchoolScenario.CreateAsync(server, students: 1, parents: 1);
            await school.Admin.Members.GetMemberAsync(new GetMemberRequest { SchoolId = school.SchoolId, UserId = school.Students[0].UserId });
            await auth.RequestCodeAsync(new RequestCodeRequest { Contact = "+79996690001" });
            for (var i = 0; i < 6; i++)
                await Assert.ThrowsAsync<RpcException>(() => auth.SignInAsync(new SignInRequest { Contact = "+79996690001", Code = "000000" }).ResponseAsync);
            await Assert.ThrowsAsync<RpcException>(() => auth.RequestCodeAsync(new RequestCodeRequest { Contact = "not a phone +7999" }).ResponseAsync);
            await parent.Sessions.LogoutAsync(new LogoutRequest());
        }

        var secrets = CapturingCodeSender.AllContacts.SelectMany(c => new[] { c.Value, c.Dependent }).OfType<string>()
            .Append(ServerHost.OperatorPhone).Distinct().ToList();
        Assert.Contains("+79996690001", secrets);
        Assert.Contains("соня сканова", secrets, StringComparer.OrdinalIgnoreCase);
        var lines = LogCapture.Lines.ToList();
        Assert.NotEmpty(lines);
        var leaks = lines.SelectMany(line => secrets.Where(s => line.Contains(s, StringComparison.OrdinalIgnoreCase)).Select(s => $"{s} in: {line}")).Take(5).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }
}
