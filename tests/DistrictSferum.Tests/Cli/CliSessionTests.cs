using DistrictSferum.Cli;
using DistrictSferum.Tests.Infrastructure;
using static DistrictSferum.Tests.Cli.CliText;

namespace DistrictSferum.Tests.Cli;

/// <summary>sferumctl session list/revoke and logout end sessions on the server, not only in the config file.</summary>
public sealed class CliSessionTests(ServerFixture fixture) : CliServerTests(fixture, "sferumctl-sessions-")
{
    [Fact]
    public async Task Session_list_and_revoke_end_another_device_and_logout_ends_the_server_session()
    {
        var laptop = Cli.Person("laptop");
        var phone = Cli.Person("phone");
        (await laptop.LoginAsync("+79996670001")).Ok();
        (await phone.LoginAsync("+79996670001")).Ok();

        var sessions = Json((await laptop.RunAsync("session", "list", "--json")).Ok().Out).GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, s => Assert.StartsWith("sferumctl on ", s.GetProperty("deviceLabel").GetString(), StringComparison.Ordinal));
        var other = sessions.Single(s => !(s.TryGetProperty("current", out var c) && c.GetBoolean())).GetProperty("sessionId").GetString()!;
        Assert.Contains("this one", (await laptop.RunAsync("session", "list")).Ok().Out, StringComparison.Ordinal);

        (await laptop.RunAsync("session", "revoke", other)).Ok();
        (await phone.RunAsync("whoami")).Expect(ExitCodes.Unauthenticated);
        (await laptop.RunAsync("session", "revoke")).Expect(ExitCodes.Usage);

        var refresh = laptop.SavedConfig().RefreshToken!;
        var logout = (await laptop.RunAsync("logout")).Ok();
        Assert.Contains("the session is ended on the server", logout.Out, StringComparison.Ordinal);
        Assert.False(laptop.SavedConfig().IsSignedIn);
        await RpcAssert.Fails(Grpc.Core.StatusCode.Unauthenticated,
            () => new Protos.V1.AuthService.AuthServiceClient(Server.Channel).RefreshAsync(new Protos.V1.RefreshRequest { RefreshToken = refresh }), "REFRESH_TOKEN_INVALID");
    }
}
