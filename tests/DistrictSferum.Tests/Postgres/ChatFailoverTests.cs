using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace DistrictSferum.Tests.Postgres;

/// <summary>Kill one of two silos while messages flow: nothing acknowledged is lost, and everyone gets everything.</summary>
[Collection(MultiProcessCollection.Name)]
public sealed class ChatFailoverTests
{
    [Fact]
    public async Task CHAT_4_killing_a_silo_while_messages_flow_loses_no_acknowledged_message_and_reconnected_members_get_all()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("chatfailover");
        var data = Directory.CreateTempSubdirectory("sferum-failover-").FullName;
        try
        {
            await using var a = await ServerProcess.StartAsync(database, data, ServerProcess.FastMembership);
            await using var b = await ServerProcess.StartAsync(database, data, ServerProcess.FastMembership);
            using var channelA = GrpcChannel.ForAddress(a.Address);
            using var channelB = GrpcChannel.ForAddress(b.Address);
            var school = await SchoolScenario.CreateAsync(a, channelA, students: 4);
            var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
            var members = school.Students.Prepend(school.Teacher).ToList();

            // Half the members follow the chat through the silo that will die; like real clients, they resume from
            // their positions through the survivor when their stream ends with UNAVAILABLE.
            var streams = members.Select((m, i) => StreamRecorder.Open(i % 2 == 0 ? [m] : [m.On(channelB), m], (chat.ChatId, chat.LastSeq))).ToList();
            foreach (var s in streams) await s.UntilAsync(r => r.CaughtUp(chat.ChatId));

            var acknowledged = new List<long>();
            for (var i = 0; i < 40; i++)
            {
                if (i == 15) b.Kill();
                var sender = members[i % members.Count];
                var request = new SendMessageRequest { ChatId = chat.ChatId, ClientKey = $"m-{i}", Body = $"сообщение {i}" };
                var through = i % 2 == 0 || i >= 15 ? sender : sender.On(channelB);
                acknowledged.Add((await SendUntilAcknowledgedAsync(through, sender, request)).Seq);
            }

            Assert.Equal(acknowledged.Count, acknowledged.Distinct().Count());
            var history = await school.Teacher.Chats.GetHistoryAsync(new GetHistoryRequest { ChatId = chat.ChatId, Limit = 200 });
            Assert.Equal(acknowledged.Order(), history.Messages.Select(m => m.Seq).Order());

            // Whatever a stream delivered, before and after resuming, came once and in order.
            foreach (var s in streams)
            {
                Assert.Null(s.Failure);
                var seqs = s.EventsOf(chat.ChatId).Select(e => e.Seq).ToList();
                Assert.Equal(seqs.Order().Distinct(), seqs);
            }

            // Everyone reconnects to the survivor with the last number they saw, and ends up with every message.
            for (var i = 0; i < members.Count; i++)
            {
                var seen = streams[i].EventsOf(chat.ChatId).Select(e => e.Seq).ToList();
                await streams[i].DisposeAsync();
                var resumed = StreamRecorder.Open(members[i], (chat.ChatId, seen.Count == 0 ? chat.LastSeq : seen.Max()));
                await resumed.UntilAsync(r => r.CaughtUp(chat.ChatId), TimeSpan.FromSeconds(90));
                var all = seen.Concat(resumed.EventsOf(chat.ChatId).Select(e => e.Seq)).ToHashSet();
                Assert.All(acknowledged, seq => Assert.Contains(seq, all));
                await resumed.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// A client whose server died retries through a live one with the same client key: the send is stored once.
    /// </summary>
    private static async Task<SendMessageResponse> SendUntilAcknowledgedAsync(Session first, Session fallback, SendMessageRequest request)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var through = first;
        while (true)
        {
            try
            {
                return await through.Chats.SendMessageAsync(request, deadline: DateTime.UtcNow.AddSeconds(10));
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && !deadline.IsCancellationRequested)
            {
                through = fallback;
                await Task.Delay(100, deadline.Token);
            }
        }
    }
}
