using DistrictSferum.Contracts.Identity;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DistrictSferum.Tests.EndToEnd;

public sealed class AuthEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    private AuthService.AuthServiceClient Auth => new(Server.Channel);

    private static UserService.UserServiceClient UsersWith(ServerHost server, string token) =>
        new(server.Channel.CreateCallInvoker().Intercept(m =>
        {
            m.Add("authorization", "Bearer " + token);
            return m;
        }));

    [Fact]
    public async Task ORG_1_signed_in_operator_sees_their_profile()
    {
        var session = await Server.SignInOperatorAsync();

        var me = (await session.Users.GetMeAsync(new GetMeRequest())).Me;

        Assert.Equal(session.UserId, me.UserId);
        Assert.Equal(ServerHost.OperatorPhone, me.Phone);
        Assert.True(me.DistrictOperator);
    }

    [Fact]
    public async Task Call_without_token_is_unauthenticated()
    {
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => new UserService.UserServiceClient(Server.Channel).GetMeAsync(new GetMeRequest()));
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => new DistrictService.DistrictServiceClient(Server.Channel).ListSchoolsAsync(new ListSchoolsRequest()));
    }

    [Fact]
    public async Task Expired_token_is_unauthenticated()
    {
        var session = await Server.SignInOperatorAsync();
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        var expired = new TokenService(Options.Create(new JwtOptions { SigningKey = ServerHost.SigningKey }), past).Issue(new SessionTokens(session.UserId, session.Tokens.SessionId, "", DateTimeOffset.MaxValue));

        await RpcAssert.Fails(StatusCode.Unauthenticated, () => UsersWith(Server, expired.AccessToken).GetMeAsync(new GetMeRequest()));
    }

    [Fact]
    public async Task A_token_accepted_before_is_refused_once_it_expires()
    {
        var session = await Server.SignInOperatorAsync();
        var shortLived = new TokenService(Options.Create(new JwtOptions { SigningKey = ServerHost.SigningKey }), Server.Clock)
            .Issue(new SessionTokens(session.UserId, session.Tokens.SessionId, "", Server.Clock.GetUtcNow().AddMinutes(2)));
        var users = UsersWith(Server, shortLived.AccessToken);
        await users.GetMeAsync(new GetMeRequest());
        await users.GetMeAsync(new GetMeRequest());

        // The gateway remembers the token passed its checks; its lifetime is still judged on every call.
        Server.Clock.Advance(TimeSpan.FromMinutes(3));
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => users.GetMeAsync(new GetMeRequest()));
    }

    [Fact]
    public async Task Token_with_a_foreign_signature_is_unauthenticated()
    {
        var session = await Server.SignInOperatorAsync();
        var otherKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var forged = new TokenService(Options.Create(new JwtOptions { SigningKey = otherKey }), TimeProvider.System).Issue(new SessionTokens(session.UserId, session.Tokens.SessionId, "", DateTimeOffset.MaxValue));

        await RpcAssert.Fails(StatusCode.Unauthenticated, () => UsersWith(Server, forged.AccessToken).GetMeAsync(new GetMeRequest()));
    }

    [Fact]
    public async Task Refresh_token_cannot_be_used_as_an_access_token_but_renews_the_pair()
    {
        var session = await Server.SignInOperatorAsync();

        await RpcAssert.Fails(StatusCode.Unauthenticated, () => UsersWith(Server, session.Tokens.RefreshToken).GetMeAsync(new GetMeRequest()));
        var renewed = (await Auth.RefreshAsync(new RefreshRequest { RefreshToken = session.Tokens.RefreshToken })).Tokens;

        Assert.Equal(session.UserId, renewed.UserId);
        Assert.Equal(session.UserId, (await UsersWith(Server, renewed.AccessToken).GetMeAsync(new GetMeRequest())).Me.UserId);
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => Auth.RefreshAsync(new RefreshRequest { RefreshToken = "garbage" }), "REFRESH_TOKEN_INVALID");
    }

    [Fact]
    public async Task Wrong_code_is_unauthenticated_with_a_stable_reason()
    {
        await Auth.RequestCodeAsync(new RequestCodeRequest { Contact = "+79995550001" });
        var right = Server.Codes.CodeFor("+79995550001");

        await RpcAssert.Fails(StatusCode.Unauthenticated,
            () => Auth.SignInAsync(new SignInRequest { Contact = "+79995550001", Code = right == "123456" ? "654321" : "123456" }), "CODE_INVALID");
        var tokens = (await Auth.SignInAsync(new SignInRequest { Contact = "8 999 555 00 01", Code = right })).Tokens;
        Assert.NotEmpty(tokens.AccessToken);
    }

    [Fact]
    public async Task Malformed_contact_is_an_invalid_argument() =>
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => Auth.RequestCodeAsync(new RequestCodeRequest { Contact = "call me maybe" }), "INVALID_PHONE");

    [Fact]
    public async Task Code_requests_beyond_the_limit_are_resource_exhausted()
    {
        for (var i = 0; i < 5; i++) await Auth.RequestCodeAsync(new RequestCodeRequest { Contact = "parent@example.org" });

        await RpcAssert.Fails(StatusCode.ResourceExhausted, () => Auth.RequestCodeAsync(new RequestCodeRequest { Contact = "Parent@Example.org" }), "CODE_RATE_LIMITED");
    }
}
