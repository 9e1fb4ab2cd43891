using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Rpc;
using Grpc.Core;

namespace DistrictSferum.Tests.EndToEnd;

/// <summary>Issue 9 item 4: every mutating call is metered per user, and one user's open streams are capped.</summary>
public sealed class CallMeteringTests
{
    [Fact]
    public async Task Mutating_calls_draw_on_a_per_user_bucket_reads_do_not_and_streams_are_capped_per_user()
    {
        var postgres = await SharedPostgres.GetAsync();
        await using var server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("metering"), settings: new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:MutationsPerSecond"] = "0.05",
            ["Gateway:RateLimit:MutationBurst"] = "5",
            ["Gateway:RateLimit:StreamsPerUser"] = "2",
            ["Gateway:Streams:HeartbeatInterval"] = "00:00:00.2",
        });
        var op = await server.SignInOperatorAsync();
        for (var i = 0; i < 5; i++)
            await op.District.AddOperatorAsync(new AddOperatorRequest { Contact = "+79996740001", DisplayName = "Второй оператор" });

        var refused = await RpcAssert.Fails(StatusCode.ResourceExhausted,
            () => op.District.AddOperatorAsync(new AddOperatorRequest { Contact = "+79996740002", DisplayName = "Третий оператор" }), "CALL_RATE_LIMITED");
        Assert.True(refused.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay.ToTimeSpan() >= TimeSpan.FromSeconds(1));
        // Nothing was done, reads go on, and another user has their own bucket.
        Assert.DoesNotContain((await op.District.ListOperatorsAsync(new ListOperatorsRequest())).Operators, o => o.DisplayName == "Третий оператор");
        var second = await server.SignInAsync("+79996740001");
        await second.District.AddOperatorAsync(new AddOperatorRequest { Contact = "+79996740003", DisplayName = "Четвёртый оператор" });

        await using var first = StreamRecorder.Open(op);
        await using var other = StreamRecorder.Open(op);
        await first.UntilAsync(s => s.Heartbeats.Count > 0);
        await other.UntilAsync(s => s.Heartbeats.Count > 0);
        using var third = op.Chats.Subscribe(new SubscribeRequest());
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => third.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.ResourceExhausted, tooMany.StatusCode);
        Assert.Equal("TOO_MANY_STREAMS", tooMany.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        // Another user's stream is not counted against this one.
        await using var theirs = StreamRecorder.Open(second);
        await theirs.UntilAsync(s => s.Heartbeats.Count > 0);
    }
}
