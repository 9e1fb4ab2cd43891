using DistrictSferum.Grains.Audit;
using Npgsql;

namespace DistrictSferum.Grains.Identity.Sessions;

public sealed class PostgresSessionStore(NpgsqlDataSource database) : ISessionStore
{
    private const string Columns = "session_id, user_id, device_label, ip, user_agent, created_at, last_used_at, generation, refresh_hash, revoked_at, revoke_reason";

    public async Task<IReadOnlyList<SessionRecord>> LoadAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM user_sessions WHERE user_id = @user AND revoked_at IS NULL ORDER BY created_at");
        command.Parameters.AddWithValue("user", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sessions = new List<SessionRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(new SessionRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetInt32(7),
                reader.GetFieldValue<byte[]>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return sessions;
    }

    public async Task InsertAsync(SessionRecord s, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            INSERT INTO user_sessions ({Columns})
            VALUES (@id, @user, @device, @ip, @agent, @created, @used, @generation, @hash, NULL, NULL)
            """);
        command.Parameters.AddWithValue("id", s.SessionId);
        command.Parameters.AddWithValue("user", s.UserId);
        command.Parameters.AddWithValue("device", s.DeviceLabel);
        command.Parameters.AddWithValue("ip", s.Ip);
        command.Parameters.AddWithValue("agent", s.UserAgent);
        command.Parameters.AddWithValue("created", s.CreatedAt);
        command.Parameters.AddWithValue("used", s.LastUsedAt);
        command.Parameters.AddWithValue("generation", s.Generation);
        command.Parameters.AddWithValue("hash", s.RefreshHash);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RotateAsync(SessionRecord s, int previousGeneration, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            UPDATE user_sessions SET generation = @generation, refresh_hash = @hash, last_used_at = @used, ip = @ip, user_agent = @agent
            WHERE session_id = @id AND generation = @previous AND revoked_at IS NULL
            """);
        command.Parameters.AddWithValue("id", s.SessionId);
        command.Parameters.AddWithValue("generation", s.Generation);
        command.Parameters.AddWithValue("previous", previousGeneration);
        command.Parameters.AddWithValue("hash", s.RefreshHash);
        command.Parameters.AddWithValue("used", s.LastUsedAt);
        command.Parameters.AddWithValue("ip", s.Ip);
        command.Parameters.AddWithValue("agent", s.UserAgent);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task RevokeAsync(
        IReadOnlyCollection<string> sessionIds, DateTimeOffset at, string reason, AuditIntent? audit = null, CancellationToken cancellationToken = default)
    {
        if (sessionIds.Count == 0 && audit is null) return;
        // One transaction: a revocation is never stored without the intent to audit it (issue 8).
        await using var batch = database.CreateBatch();
        var revoke = new NpgsqlBatchCommand(
            "UPDATE user_sessions SET revoked_at = @at, revoke_reason = @reason WHERE session_id = ANY(@ids) AND revoked_at IS NULL");
        revoke.Parameters.AddWithValue("ids", sessionIds.ToArray());
        revoke.Parameters.AddWithValue("at", at);
        revoke.Parameters.AddWithValue("reason", reason);
        batch.BatchCommands.Add(revoke);
        if (audit is not null) batch.BatchCommands.Add(PostgresAuditIntentStore.InsertCommand(audit));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
