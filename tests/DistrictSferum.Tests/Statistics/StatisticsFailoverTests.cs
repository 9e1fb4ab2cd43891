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
                SchoolId = school.SchoolId,
                Bucket = UsageBucket.Day,
                Metrics = { "message_sent" },
                From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-2)),
                To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
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

    [Fact]
    public async Task DIS_4_sessions_open_on_a_killed_silo_are_counted_once_up_to_its_last_heartbeat()
    {
        var postgres = await SharedPostgres.GetAsync();
        var database = await postgres.CreateDatabaseAsync("sessionfailover");
        var data = Directory.CreateTempSubdirectory("sferum-session-failover-").FullName;
        string[] settings = [.. ServerProcess.FastMembership, "--Statistics:SessionHeartbeat=00:00:01"];
        try
        {
            await using var a = await ServerProcess.StartAsync(database, data, settings);
            await using var b = await ServerProcess.StartAsync(database, data, settings);
            using var channelA = GrpcChannel.ForAddress(a.Address);
            using var channelB = GrpcChannel.ForAddress(b.Address);
            var school = await SchoolScenario.CreateAsync(a, channelA, students: 5);
            var chat = await school.ChatAsync(school.Teacher, ChatKind.ClassStudents, school.Students);
            await using var db = NpgsqlDataSource.Create(database);

            // Three streams on a (it will be killed with them open), two on b (they end normally).
            using var stop = new CancellationTokenSource();
            var streams = school.Students.Select((student, i) => Task.Run(async () =>
            {
                using var call = student.On(i < 3 ? channelA : channelB).Chats.Subscribe(
                    new SubscribeRequest { Positions = { new ChatPosition { ChatId = chat.ChatId } } }, cancellationToken: stop.Token);
                try
                {
                    await foreach (var _ in call.ResponseStream.ReadAllAsync(stop.Token))
                    {
                    }
                }
                catch (RpcException)
                {
                }
                catch (OperationCanceledException)
                {
                }
            })).ToList();
            await UntilAsync(async () => await ScalarAsync(db, "SELECT count(*) FROM stream_sessions WHERE user_id = ANY(string_to_array(@chat, ','))",
                string.Join(',', school.Students.Select(s => s.UserId))) == 5, "the five streams' starts were not recorded");

            // Let a beat a few times, then kill it; the streams on b end.
            await Task.Delay(2500);
            a.Kill();
            var killedAt = DateTimeOffset.UtcNow;
            await stop.CancelAsync();
            await Task.WhenAll(streams);

            // b sees a's heartbeat stop and counts a's three open sessions, each up to a's last heartbeat.
            var users = string.Join(',', school.Students.Select(s => s.UserId));
            await UntilAsync(async () => await ScalarAsync(db,
                "SELECT count(*) FROM stream_sessions WHERE user_id = ANY(string_to_array(@chat, ',')) AND counted_at IS NOT NULL", users) == 5,
                "the killed silo's sessions were not counted");
            var onA = school.Students.Take(3).Select(s => s.UserId).ToHashSet();
            await using (var ends = db.CreateCommand("SELECT user_id, started_at, ended_at FROM stream_sessions WHERE user_id = ANY(string_to_array(@u, ','))"))
            {
                ends.Parameters.AddWithValue("u", users);
                await using var reader = await ends.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var (started, ended) = (reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2));
                    // On the killed silo: up to its last heartbeat, never past the kill; on b: when the stream ended.
                    Assert.InRange(ended, started, onA.Contains(reader.GetString(0)) ? killedAt : killedAt.AddSeconds(60));
                }
            }

            // The usage facts equal the durable rows: five sessions, their seconds the rows' durations, none twice.
            Assert.Equal(5, await ScalarAsync(db, "SELECT count(*) FROM usage_events WHERE kind = 'session' AND school_id = @chat", school.SchoolId));
            var recorded = await DoubleAsync(db, "SELECT sum(seconds) FROM usage_events WHERE kind = 'session' AND school_id = @chat", school.SchoolId);
            var durable = await DoubleAsync(db,
                "SELECT sum(extract(epoch FROM ended_at - started_at))::float8 FROM stream_sessions WHERE user_id = ANY(string_to_array(@chat, ','))", users);
            Assert.Equal(durable, recorded, 3);
            Assert.True(recorded > 0);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> done, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(200);
        }
    }

    private static async Task<double> DoubleAsync(NpgsqlDataSource db, string sql, string key)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue("chat", key);
        return Convert.ToDouble(await command.ExecuteScalarAsync());
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
