using Npgsql;

namespace DistrictSferum.Grains.Districts;

/// <summary>When a school's chats last saw anything: the newest event of each chat, by its primary key.</summary>
public sealed class PostgresSchoolActivity(NpgsqlDataSource database)
{
    public async Task<DateTimeOffset?> LastActivityAsync(IReadOnlyList<string> chatIds, CancellationToken cancellationToken = default)
    {
        if (chatIds.Count == 0) return null;
        await using var command = database.CreateCommand("""
            SELECT max(e.at) FROM unnest(@ids) AS c(id)
              CROSS JOIN LATERAL (SELECT at FROM chat_events WHERE chat_id = c.id ORDER BY seq DESC LIMIT 1) e
            """);
        command.Parameters.AddWithValue("ids", chatIds.ToArray());
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DateTime t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : value as DateTimeOffset?;
    }
}
