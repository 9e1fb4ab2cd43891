using DistrictSferum.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Npgsql;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>Waits for a school's usage aggregator to fold in what happened (a real condition, bounded).</summary>
internal static class UsageCatchUp
{
    /// <summary>Until the aggregator has read every chat event of <paramref name="chatIds"/>; queries nudge it meanwhile.</summary>
    public static async Task WaitAsync(ServerHost server, string schoolId, IReadOnlyCollection<string> chatIds)
    {
        await using var db = NpgsqlDataSource.Create(server.ConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var stats = new StatisticsService.StatisticsServiceClient((await server.SignInOperatorAsync()).Invoker);
        while (true)
        {
            await using var behind = db.CreateCommand("""
                SELECT count(*) FROM chat_events e
                  LEFT JOIN usage_checkpoints c ON c.school_id = @school AND c.source = 'chat' AND c.source_key = e.chat_id
                 WHERE e.chat_id = ANY(@chats) AND e.seq > coalesce(c.position, 0)
                """);
            behind.Parameters.AddWithValue("school", schoolId);
            behind.Parameters.AddWithValue("chats", chatIds.ToArray());
            if ((long)(await behind.ExecuteScalarAsync())! == 0) return;
            if (DateTime.UtcNow > deadline)
            {
                await using var state = db.CreateCommand("SELECT string_agg(source || '/' || source_key || '=' || position, ', ') FROM usage_checkpoints WHERE school_id = @school");
                state.Parameters.AddWithValue("school", schoolId);
                throw new TimeoutException($"The aggregator did not catch up with the chat logs: {await state.ExecuteScalarAsync()}");
            }

            var now = server.Clock.GetUtcNow();
            await stats.QueryUsageAsync(new QueryUsageRequest
            {
                SchoolId = schoolId,
                From = Timestamp.FromDateTimeOffset(now.AddHours(-2)),
                To = Timestamp.FromDateTimeOffset(now.AddHours(2)),
                Bucket = UsageBucket.Hour,
                Metrics = { "message_sent" },
            });
            await Task.Delay(100);
        }
    }
}
