using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Rpc;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>
/// Issue 9 item 4: refused moderation attempts are aggregated per (actor, action, minute) in the audit instead of one
/// chained row each, and joining and leaving a channel is rate limited per member.
/// </summary>
public sealed class ModerationMeteringTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerHost Server => fixture.Server;

    [Fact]
    public async Task ORG_16_a_flood_of_refused_moderation_attempts_is_one_row_per_actor_action_and_minute()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var pest = school.Students[0];
        var seq = (await school.Students[1].Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "x", Body = "привет" })).Seq;
        for (var i = 0; i < 25; i++)
            await RpcAssert.Fails(StatusCode.PermissionDenied,
                () => pest.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = seq, Clause = 1 }), "NOT_MODERATOR", "ETH-5");
        var refusedNow = await RefusedAsync(school, pest.UserId);
        Assert.Single(refusedNow);

        // The next minute: its first attempt is a row, and the last minute's 24 others become one row.
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => pest.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = seq, Clause = 1 }), "NOT_MODERATOR", "ETH-5");
        var rows = await RefusedAsync(school, pest.UserId);
        Assert.Equal(3, rows.Count);
        Assert.StartsWith("refused 24 more times in the minute from", rows[1].Detail);
        Assert.Equal("NOT_MODERATOR", rows[1].ErrorCode);
        Assert.True((await school.Admin.Moderation.VerifyAuditAsync(new VerifyAuditRequest { SchoolId = school.SchoolId })).Intact);
    }

    [Fact]
    public async Task ORG_16_refusals_counted_when_the_server_stops_are_each_recorded_though_nothing_can_be_published_live()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("refusalstop");
        await using var server = await ServerHost.StartAsync(database);
        var school = await SchoolScenario.CreateAsync(server, students: 3);
        var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
        var seq = (await school.Students[2].Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.ChatId, ClientKey = "x", Body = "привет" })).Seq;
        foreach (var pest in school.Students.Take(2))
            for (var i = 0; i < 3; i++)
                await RpcAssert.Fails(StatusCode.PermissionDenied,
                    () => pest.Moderation.RemindMemberAsync(new RemindMemberRequest { ChatId = chat.ChatId, Seq = seq, Clause = 1 }), "NOT_MODERATOR", "ETH-5");

        // The silo's last activations flush the minute's counts while its stream queues are already gone.
        await server.StopAsync();

        Assert.Equal(2, await TestSql.ScalarAsync(database,
            "SELECT count(*) FROM moderation_audit WHERE refused AND action = 'remind' AND detail LIKE 'refused 2 more times in the minute from %'"));
    }

    private static async Task<List<AuditEntry>> RefusedAsync(SchoolScenario school, string actorId) =>
        (await school.Admin.Moderation.QueryAuditAsync(new QueryAuditRequest { SchoolId = school.SchoolId, ModeratorId = actorId, PageSize = 100 })).Entries
            .Where(e => e.Refused && e.Action == "remind").OrderBy(e => e.Seq).ToList();

    [Fact]
    public async Task ORG_12_joining_and_leaving_a_channel_is_rate_limited_per_member_with_retry_info()
    {
        var school = await SchoolScenario.CreateAsync(Server, students: 2);
        var channel = (await school.Admin.Chats.ListSchoolChatsAsync(new ListSchoolChatsRequest { SchoolId = school.SchoolId })).Chats
            .Single(c => c.Kind == ChatKind.SchoolChannel);
        var churner = school.Students[0];
        var join = new JoinChatRequest { ChatId = channel.ChatId, AcceptedRulesVersion = channel.Rules.Version };
        var leave = new LeaveChatRequest { ChatId = channel.ChatId };
        for (var i = 0; i < 5; i++)
        {
            await churner.Chats.JoinChatAsync(join);
            await churner.Chats.LeaveChatAsync(leave);
        }

        var refused = await RpcAssert.Fails(StatusCode.ResourceExhausted, () => churner.Chats.JoinChatAsync(join), "CHANNEL_CHURN_LIMITED", "ORG-12");
        Assert.True(refused.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan() > TimeSpan.Zero);
        // Another member is not held up by the first one's churn; and with time the churner may join again.
        await school.Students[1].Chats.JoinChatAsync(join);
        Server.Clock.Advance(TimeSpan.FromMinutes(2));
        await churner.Chats.JoinChatAsync(join);
    }
}
