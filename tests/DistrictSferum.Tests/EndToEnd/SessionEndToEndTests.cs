using System.Diagnostics;
using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>Server-side sessions: rotation, reuse detection, logout, revocation felt by calls and open streams.</summary>
public sealed class SessionEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Felt = TimeSpan.FromSeconds(5);

    private ServerHost Server => fixture.Server;

    private AuthService.AuthServiceClient Auth => new(Server.Channel);

    private static Task GetMe(Session session) => session.Users.GetMeAsync(new GetMeRequest()).ResponseAsync;

    [Fact]
    public async Task Refresh_rotates_and_reusing_an_already_rotated_refresh_token_revokes_the_whole_session()
    {
        var session = await Server.SignInAsync("+79996660001");
        var second = (await Auth.RefreshAsync(new RefreshRequest { RefreshToken = session.Tokens.RefreshToken })).Tokens;
        Assert.NotEqual(session.Tokens.RefreshToken, second.RefreshToken);
        Assert.Equal(session.Tokens.SessionId, second.SessionId);
        var third = (await Auth.RefreshAsync(new RefreshRequest { RefreshToken = second.RefreshToken })).Tokens;
        var current = new Session(Server.Channel, third);
        await GetMe(current);

        // Someone presents the first token again (a stolen copy, two rotations old): the family ends.
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => Auth.RefreshAsync(new RefreshRequest { RefreshToken = session.Tokens.RefreshToken }), "REFRESH_TOKEN_REUSED");

        await RpcAssert.Fails(StatusCode.Unauthenticated, () => Auth.RefreshAsync(new RefreshRequest { RefreshToken = third.RefreshToken }), "REFRESH_TOKEN_INVALID");
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => GetMe(current), "SESSION_REVOKED");
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => GetMe(session), "SESSION_REVOKED");
    }

    [Fact]
    public async Task A_forged_secret_for_the_current_generation_is_refused_without_ending_the_session()
    {
        var session = await Server.SignInAsync("+79996660002");
        var parts = session.Tokens.RefreshToken.Split('.');
        var forged = string.Join('.', parts[0], parts[1], parts[2], new string('A', parts[3].Length));

        await RpcAssert.Fails(StatusCode.Unauthenticated, () => Auth.RefreshAsync(new RefreshRequest { RefreshToken = forged }), "REFRESH_TOKEN_INVALID");
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => Auth.RefreshAsync(new RefreshRequest { RefreshToken = "garbage" }), "REFRESH_TOKEN_INVALID");
        await GetMe(session);
        await Auth.RefreshAsync(new RefreshRequest { RefreshToken = session.Tokens.RefreshToken });
    }

    [Fact]
    public async Task Logout_ends_this_session_only_and_its_refresh_token()
    {
        var phone = await Server.SignInAsync("+79996660003");
        var laptop = await Server.SignInAsync("+79996660003");

        await phone.Sessions.LogoutAsync(new LogoutRequest());

        await RpcAssert.Fails(StatusCode.Unauthenticated, () => GetMe(phone), "SESSION_REVOKED");
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => Auth.RefreshAsync(new RefreshRequest { RefreshToken = phone.Tokens.RefreshToken }), "REFRESH_TOKEN_INVALID");
        await GetMe(laptop);
        var listed = await laptop.Sessions.ListSessionsAsync(new ListSessionsRequest());
        var only = Assert.Single(listed.Sessions);
        Assert.Equal(laptop.Tokens.SessionId, only.SessionId);
        Assert.True(only.Current);
    }

    [Fact]
    public async Task SignOutEverywhere_ends_every_session_of_the_account()
    {
        var first = await Server.SignInAsync("+79996660004");
        var second = await Server.SignInAsync("+79996660004");
        var other = await Server.SignInAsync("+79996660005");

        var result = await second.Sessions.SignOutEverywhereAsync(new SignOutEverywhereRequest());

        Assert.Equal(2, result.Revoked);
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => GetMe(first), "SESSION_REVOKED");
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => GetMe(second), "SESSION_REVOKED");
        await GetMe(other);
    }

    [Fact]
    public async Task A_school_administrator_revokes_a_members_lost_phone_an_outsider_cannot_and_an_operator_can()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var student = school.Students[0];
        var spare = await Server.SignInAsync(school.NextPhone());
        var outsider = await SchoolScenario.CreateAsync(Server, students: 0);

        await RpcAssert.Fails(StatusCode.NotFound, () => outsider.Admin.Sessions.ListSessionsAsync(
            new ListSessionsRequest { UserId = student.UserId, SchoolId = outsider.SchoolId }), "MEMBER_NOT_FOUND");
        await RpcAssert.Fails(StatusCode.NotFound, () => outsider.Admin.Sessions.RevokeSessionAsync(
            new RevokeSessionRequest { UserId = student.UserId, SessionId = student.Tokens.SessionId }), "USER_NOT_FOUND", "DIS-1");
        await RpcAssert.Fails(StatusCode.NotFound, () => school.Admin.Sessions.ListSessionsAsync(
            new ListSessionsRequest { UserId = spare.UserId, SchoolId = school.SchoolId }), "MEMBER_NOT_FOUND");
        await GetMe(student);

        var seen = await school.Admin.Sessions.ListSessionsAsync(new ListSessionsRequest { UserId = student.UserId, SchoolId = school.SchoolId });
        Assert.Contains(seen.Sessions, s => s.SessionId == student.Tokens.SessionId && !s.Current);
        await school.Admin.Sessions.RevokeSessionAsync(new RevokeSessionRequest { UserId = student.UserId, SchoolId = school.SchoolId, SessionId = student.Tokens.SessionId });
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => GetMe(student), "SESSION_REVOKED");

        var op = await Server.SignInOperatorAsync();
        await op.Sessions.SignOutEverywhereAsync(new SignOutEverywhereRequest { UserId = spare.UserId });
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => GetMe(spare), "SESSION_REVOKED");
    }

    [Fact]
    public async Task A_revoked_sessions_open_stream_ends_unauthenticated_within_seconds()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 1);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var student = school.Students[0];
        var stream = StreamRecorder.Open(student, (chat.ChatId, chat.LastSeq));
        await stream.UntilAsync(r => r.CaughtUp(chat.ChatId));

        var watch = Stopwatch.StartNew();
        await student.Sessions.SignOutEverywhereAsync(new SignOutEverywhereRequest());
        var ended = await stream.EndedAsync(Felt);

        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.Equal("SESSION_REVOKED", ended.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason);
        Assert.True(watch.Elapsed < Felt, $"the stream ended after {watch.Elapsed}");
        await stream.DisposeAsync();
    }
}
