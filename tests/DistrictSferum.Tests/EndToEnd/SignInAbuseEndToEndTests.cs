using DistrictSferum.Protos.V1;
using DistrictSferum.Server;
using DistrictSferum.Tests.Infrastructure;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Configuration;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>Sign-in that resists guessing bots: per-address and global call limits, a lock across codes, one quota per inbox.</summary>
public sealed class SignInAbuseEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    private AuthService.AuthServiceClient Auth => new(Server.Channel);

    private static string Wrong(string right) => right == "000000" ? "000001" : "000000";

    [Fact]
    public async Task Thirty_wrong_codes_across_new_codes_lock_the_address_a_new_code_does_not_unlock_it_and_locks_escalate()
    {
        const string phone = "+79996680001";
        var wrong = 0;
        async Task GuessWrongAsync(StatusCode status, string reason)
        {
            await RpcAssert.Fails(status, () => Auth.SignInAsync(new SignInRequest { Contact = phone, Code = Wrong(Server.Codes.CodeFor(phone)) }), reason);
            wrong++;
        }

        for (var round = 0; round < 3; round++)
        {
            // A first code burned by five wrong guesses, four more on a second code: nine wrong codes...
            await Auth.RequestCodeAsync(new RequestCodeRequest { Contact = phone });
            for (var g = 0; g < 4; g++) await GuessWrongAsync(StatusCode.Unauthenticated, "CODE_INVALID");
            await GuessWrongAsync(StatusCode.FailedPrecondition, "CODE_ATTEMPTS_EXHAUSTED");
            await Auth.RequestCodeAsync(new RequestCodeRequest { Contact = phone });
            for (var g = 0; g < 4; g++) await GuessWrongAsync(StatusCode.Unauthenticated, "CODE_INVALID");

            // ...so a fresh code restores no guesses: the tenth wrong one locks the address.
            await Auth.RequestCodeAsync(new RequestCodeRequest { Contact = phone });
            var right = Server.Codes.CodeFor(phone);
            await GuessWrongAsync(StatusCode.ResourceExhausted, "CONTACT_LOCKED");
            await RpcAssert.Fails(StatusCode.ResourceExhausted, () => Auth.SignInAsync(new SignInRequest { Contact = phone, Code = right }), "CONTACT_LOCKED");
            await RpcAssert.Fails(StatusCode.ResourceExhausted, () => Auth.RequestCodeAsync(new RequestCodeRequest { Contact = phone }), "CONTACT_LOCKED");

            // Each lock lasts four times longer than the one before: 1 h, 4 h, 16 h.
            Server.Clock.Advance(TimeSpan.FromHours(Math.Pow(4, round)) - TimeSpan.FromMinutes(1));
            await RpcAssert.Fails(StatusCode.ResourceExhausted, () => Auth.RequestCodeAsync(new RequestCodeRequest { Contact = phone }), "CONTACT_LOCKED");
            Server.Clock.Advance(TimeSpan.FromMinutes(2));
        }

        Assert.Equal(30, wrong);
        await Auth.RequestCodeAsync(new RequestCodeRequest { Contact = phone });
        Assert.NotEmpty((await Auth.SignInAsync(new SignInRequest { Contact = phone, Code = Server.Codes.CodeFor(phone) })).Tokens.AccessToken);
    }

    [Fact]
    public async Task One_inbox_is_one_quota_whatever_plus_suffix_the_address_carries()
    {
        for (var i = 0; i < 5; i++) await Auth.RequestCodeAsync(new RequestCodeRequest { Contact = $"mother+{i}@family.example.org" });

        await RpcAssert.Fails(StatusCode.ResourceExhausted,
            () => Auth.RequestCodeAsync(new RequestCodeRequest { Contact = "mother+other@family.example.org" }), "CODE_RATE_LIMITED");
        await RpcAssert.Fails(StatusCode.ResourceExhausted,
            () => Auth.RequestCodeAsync(new RequestCodeRequest { Contact = "Mother@family.example.org" }), "CODE_RATE_LIMITED");
    }

    [Fact]
    public async Task Calls_beyond_the_per_address_limit_are_resource_exhausted_with_a_retry_delay()
    {
        var postgres = await SharedPostgres.GetAsync();
        await using var limited = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("ratelimit"), settings: new Dictionary<string, string?>
        {
            ["Identity:RateLimit:PerAddressPermits"] = "5",
            ["Identity:RateLimit:Window"] = "00:10:00",
        });
        var auth = new AuthService.AuthServiceClient(limited.Channel);
        for (var i = 0; i < 5; i++) await auth.RequestCodeAsync(new RequestCodeRequest { Contact = $"+7999668{i:0000}" });

        var refused = await RpcAssert.Fails(StatusCode.ResourceExhausted,
            () => auth.RequestCodeAsync(new RequestCodeRequest { Contact = "+79996689999" }), "SIGN_IN_RATE_LIMITED");
        var retry = refused.GetRpcStatus()?.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        await RpcAssert.Fails(StatusCode.ResourceExhausted, () => auth.SignInAsync(new SignInRequest { Contact = "+79996680000", Code = "123456" }), "SIGN_IN_RATE_LIMITED");
        // The limit is on sign-in only: signed-in calls go on.
        await new UserService.UserServiceClient(limited.Channel).GetMeAsync(new GetMeRequest()).ResponseAsync.ContinueWith(t =>
            Assert.Equal(StatusCode.Unauthenticated, Assert.IsType<RpcException>(t.Exception!.InnerException).StatusCode));
    }

    [Fact]
    public async Task Code_delivery_leaves_the_grain_turn_a_hung_sender_does_not_hold_RequestCode_and_a_full_queue_is_resource_exhausted_with_a_retry_delay()
    {
        var postgres = await SharedPostgres.GetAsync();
        await using var server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("delivery"), settings: new Dictionary<string, string?>
        {
            ["Identity:Delivery:Workers"] = "1",
            ["Identity:Delivery:QueueCapacity"] = "2",
            ["Identity:Delivery:SendTimeout"] = "00:00:03",
        });
        var auth = new AuthService.AuthServiceClient(server.Channel);
        const string hanging = "+79996681000";
        server.Codes.Hang(hanging);

        // The provider never answers for this phone, yet the request is answered (before: held until the call timed out).
        await auth.RequestCodeAsync(new RequestCodeRequest { Contact = hanging }, deadline: DateTime.UtcNow.AddSeconds(15));

        // The one worker is stuck on it; the queue takes two more, then refuses at once with a retry delay.
        var accepted = new List<string>();
        RpcException? refused = null;
        for (var i = 1; i <= 4 && refused is null; i++)
        {
            var phone = $"+7999668100{i}";
            try
            {
                await auth.RequestCodeAsync(new RequestCodeRequest { Contact = phone }, deadline: DateTime.UtcNow.AddSeconds(15));
                accepted.Add(phone);
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("CODE_DELIVERY_BUSY", refused.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.True(refused.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan() > TimeSpan.Zero);
        Assert.InRange(accepted.Count, 1, 2);

        // The hung delivery is abandoned at its timeout; the queued codes then arrive and sign in.
        var tokens = (await auth.SignInAsync(new SignInRequest { Contact = accepted[0], Code = server.Codes.CodeFor(accepted[0]) })).Tokens;
        Assert.NotEmpty(tokens.AccessToken);
        await auth.RequestCodeAsync(new RequestCodeRequest { Contact = "+79996681009" });
        Assert.NotEmpty(server.Codes.CodeFor("+79996681009"));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData(null)]
    public async Task A_server_outside_the_Development_environment_refuses_to_start_with_development_code_delivery(string? mode)
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => SferumServer.BuildAsync(["--environment", "Production"], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Sferum"] = "Host=127.0.0.1;Port=1;Database=none",
                ["Server:MigrateOnStart"] = "false",
                ["Identity:Delivery:Mode"] = mode,
            })));

        Assert.Contains("Identity:Delivery:Mode", e.Message, StringComparison.Ordinal);
        Assert.Contains(mode is null ? "not set" : "not Development", e.Message, StringComparison.Ordinal);
    }
}
