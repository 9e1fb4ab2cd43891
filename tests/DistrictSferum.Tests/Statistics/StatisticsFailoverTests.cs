using DistrictSferum.Protos.V1;
using DistrictSferum.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;

namespace DistrictSferum.Tests.Statistics;

/// <summary>Statistics survive kill -9: totals equal what the durable logs hold, nothing lost, nothing twice.</summary>
[Collection(MultiProcessCollection.Name)]
public sealed class StatisticsFailoverTests
{
    [Fact]
    public async Task DIS_4_totals_equal_the_durable_log_after_every_silo_is_killed_mid_load()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("statsfailover");
        var data = Directory.CreateTempSubdirectory("sferum-stats-failover-").FullName;
        try
        {
            await using var a = await ServerProcess.StartAsync(database, data, ServerProcess.FastMembership);
            await using var b = await ServerProcess.StartAsync(database, data, ServerProcess.FastMembership);
            using var channelA = GrpcChannel.ForAddress(a.Address);
            using var channelB = GrpcChannel.ForAddress(b.Address);
            var school = await SchoolScenario.CreateAsync(a, channelA, students: 6);
            var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
            var members = school.Students.Prepend(school.Teacher).ToList();

            // Every silo dies mid-load (so wherever the school's aggregator ran, it died, perhaps mid-commit), and a
            // new one carries on from what PostgreSQL holds.
            var alive = new List<GrpcChannel> { channelA, channelB };
            ServerProcess? c = null;
            GrpcChannel? channelC = null;
            for (var i = 0; i < 80; i++)
            {
                if (i == 40)
                {
                    a.Kill();
                    b.Kill();
                    c = await ServerProcess.StartAsync(database, data, ServerProcess.FastMembership);
                    channelC = GrpcChannel.ForAddress(c.Address);
                    alive = [channelC];
                }

                var sender = members[i % members.Count];
                var request = new SendMessageRequest { ChatId = chat.ChatId, ClientKey = $"m-{i}", Body = $"сообщение {i}" };
                await SendUntilAcknowledgedAsync(alive, sender, request);
            }

            await using var db = NpgsqlDataSource.Create(database);
            var viewer = school.Admin.On(channelC!);
            var expected = await ScalarAsync(db, "SELECT count(*) FROM chat_events WHERE chat_id = @chat AND kind = 0", chat.ChatId);
            Assert.Equal(80, expected);

            // Wait until the aggregator (woken by statistics calls) has read the whole log, then compare exactly.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (await ScalarAsync(db, "SELECT coalesce(max(position), 0) FROM usage_checkpoints WHERE source = 'chat' AND source_key = @chat", chat.ChatId)
                   < await ScalarAsync(db, "SELECT max(seq) FROM chat_events WHERE chat_id = @chat", chat.ChatId))
            {
                Assert.True(DateTime.UtcNow < deadline, "the aggregator did not catch up after the kills");
                try
                {
                    await new StatisticsService.StatisticsServiceClient(viewer.Invoker).GetSchoolStatisticsAsync(
                        new GetSchoolStatisticsRequest { SchoolId = school.SchoolId, Period = StatisticsPeriod.Day }, deadline: DateTime.UtcNow.AddSeconds(10));
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown)
                {
                    // The cluster is still settling after the kills.
                }

                await Task.Delay(250);
            }

            foreach (var bucket in new[] { "m", "h", "d" })
            {
                var counted = await ScalarAsync(db, $"""
                    SELECT coalesce(sum(count), 0)::bigint FROM usage_cells
                     WHERE bucket = '{bucket}' AND school_id = @chat AND class_key = '' AND chat_kind = '' AND role = '' AND kind = 'message_sent'
                    """, school.SchoolId);
                Assert.Equal(expected, counted);
            }

            // Distinct members per hour are exact too (a re-read after a crash would count a member twice).
            var distinct = await ScalarAsync(db, """
                SELECT sum(n)::bigint FROM (SELECT count(DISTINCT actor_id) AS n FROM chat_events WHERE chat_id = @chat AND kind = 0
                 GROUP BY date_trunc('hour', at AT TIME ZONE 'UTC')) x
                """, chat.ChatId);
            var countedMembers = await ScalarAsync(db, """
                SELECT coalesce(sum(members), 0)::bigint FROM usage_cells
                 WHERE bucket = 'h' AND school_id = @chat AND class_key = '' AND chat_kind = '' AND role = '' AND kind = 'active_members'
                """, school.SchoolId);
            Assert.Equal(distinct, countedMembers);

            // And the API reports the same total.
            var week = await new StatisticsService.StatisticsServiceClient(viewer.Invoker).QueryUsageAsync(new QueryUsageRequest
            {
                SchoolId = school.SchoolId, Bucket = UsageBucket.Day, Metrics = { "message_sent" },
                From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-2)), To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
            });
            Assert.Equal(expected, week.Cells.Sum(x => x.Value));
            if (c is not null) await c.DisposeAsync();
            channelC?.Dispose();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, string key)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue("chat", key);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>A client whose server died retries through a live one with the same client key: stored once.</summary>
    private static async Task SendUntilAcknowledgedAsync(List<GrpcChannel> alive, Session sender, SendMessageRequest request)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        for (var attempt = 0; ; attempt++)
        {
            var through = sender.On(alive[attempt % alive.Count]);
            try
            {
                await through.Chats.SendMessageAsync(request, deadline: DateTime.UtcNow.AddSeconds(10));
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown && !deadline.IsCancellationRequested)
            {
                await Task.Delay(100, deadline.Token);
            }
        }
    }
}
