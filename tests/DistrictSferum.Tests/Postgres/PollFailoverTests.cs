using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace DistrictSferum.Tests.Postgres;

/// <summary>Polls are durable: a counted vote survives the silos dying (CHAT-8).</summary>
[Collection(MultiProcessCollection.Name)]
public sealed class PollFailoverTests
{
    [Fact]
    public async Task CHAT_8_votes_survive_killing_every_silo_and_a_vote_retried_on_a_new_silo_counts_once()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("pollfailover");
        var data = Directory.CreateTempSubdirectory("sferum-pollfailover-").FullName;
        try
        {
            await using var a = await ServerProcess.StartAsync(database, data, ServerProcess.FastMembership);
            await using var b = await ServerProcess.StartAsync(database, data, ServerProcess.FastMembership);
            using var channelA = GrpcChannel.ForAddress(a.Address);
            using var channelB = GrpcChannel.ForAddress(b.Address);
            var school = await SchoolScenario.CreateAsync(a, channelA, students: 4);
            var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
            var poll = (await school.Teacher.Polls.CreatePollAsync(new CreatePollRequest
            {
                ChatId = chat.ChatId,
                Question = "Экскурсия: музей или парк?",
                Options = { "Музей", "Парк" },
            })).Poll;
            VoteRequest Vote(int i) => new() { PollId = poll.PollId, Choices = { i % 2 } };
            for (var i = 0; i < 4; i++)
                await (i % 2 == 0 ? school.Students[i] : school.Students[i].On(channelB)).Polls.VoteAsync(Vote(i));

            // Wherever the poll lived, it is gone with both silos; only what was stored remains.
            a.Kill();
            b.Kill();
            await using var c = await ServerProcess.StartAsync(database, data, ServerProcess.FastMembership);
            using var channelC = GrpcChannel.ForAddress(c.Address);

            var retried = await UntilAvailableAsync(() => school.Students[1].On(channelC).Polls.VoteAsync(Vote(1)).ResponseAsync);
            Assert.Equal([2, 2], retried.Poll.Options.Select(o => o.Count));
            var seen = (await school.Teacher.On(channelC).Polls.GetPollAsync(new GetPollRequest { PollId = poll.PollId })).Poll;
            Assert.Equal(4, seen.Voters);
            Assert.Equal(new[] { school.Students[0].UserId, school.Students[2].UserId }.Order(StringComparer.Ordinal), seen.Options[0].VoterIds);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>A client retries while the new silo declares the dead ones dead and the cluster settles (minutes on a machine at load 40).</summary>
    private static async Task<T> UntilAvailableAsync<T>(Func<Task<T>> call)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && !deadline.IsCancellationRequested)
            {
                await Task.Delay(250, deadline.Token);
            }
        }
    }
}
