using DistrictSferum.Cli;
using DistrictSferum.Tests.Infrastructure;
using static DistrictSferum.Tests.Cli.CliText;

namespace DistrictSferum.Tests.Cli;

/// <summary>sferumctl operator list/remove and admin-audit list/verify against a real server.</summary>
public sealed class CliOperatorAuditTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-operators-")
{
    [Fact]
    public async Task ORG_1_operators_are_listed_and_removed_never_the_last_and_the_district_admin_audit_shows_and_verifies_it()
    {
        var op = Cli.Person("operator");
        (await op.LoginAsync(ServerHost.OperatorPhone)).Ok();
        var me = op.SavedConfig().UserId!;
        (await op.RunAsync("operator", "add", "--contact", "+79996730001", "--name", "Сменный Оператор")).Ok();
        var operators = Json((await op.RunAsync("--json", "operator", "list")).Ok().Out).GetProperty("operators").EnumerateArray()
            .Select(o => o.GetProperty("userId").GetString()!).ToList();
        Assert.Contains(me, operators);
        var other = Assert.Single(operators, id => id != me);
        Assert.Contains("Сменный Оператор", (await op.RunAsync("operator", "list")).Ok().Out, StringComparison.Ordinal);

        Assert.Contains("no longer a district operator", (await op.RunAsync("operator", "remove", other)).Ok().Out, StringComparison.Ordinal);
        var last = (await op.RunAsync("operator", "remove", me)).Expect(ExitCodes.Conflict);
        Assert.Contains("LAST_OPERATOR", last.Error, StringComparison.Ordinal);

        var rows = (await op.RunAsync("admin-audit", "list", "--all")).Ok().Out;
        Assert.Contains("operator_added", rows, StringComparison.Ordinal);
        Assert.Contains("operator_removed", rows, StringComparison.Ordinal);
        Assert.Contains("is intact", (await op.RunAsync("admin-audit", "verify")).Ok().Out, StringComparison.Ordinal);
    }
}
