using System.Globalization;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Moderation;
using Npgsql;

namespace DistrictSferum.Grains.Moderation;

/// <summary>An audit chain's rows in PostgreSQL: the moderation audit (0006) or, with its table, the admin audit (0012).</summary>
public sealed class PostgresAuditStore(NpgsqlDataSource database, string table = PostgresAuditStore.ModerationTable) : IAuditStore
{
    public const string ModerationTable = "moderation_audit";
    public const string AdminTable = "admin_audit";

    private const string Columns = "school_id, seq, chat_id, action, refused, actor_id, subject_user_id, message_seq, clause, detail, evidence, error_code, at, hash, key_id";

    public async Task<AuditEntry?> LastAsync(string schoolId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM {table} WHERE school_id = @school ORDER BY seq DESC LIMIT 1");
        command.Parameters.AddWithValue("school", schoolId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task AppendAsync(AuditEntry e, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"""
            INSERT INTO {table} ({Columns})
            VALUES (@school, @seq, @chat, @action, @refused, @actor, @subject, @message, @clause, @detail, @evidence, @error, @at, @hash, @key)
            """);
        Bind(command, e);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<AuditEntry?> AppendOnceAsync(AuditEntry e, string intentId, CancellationToken cancellationToken = default)
    {
        await using (var insert = database.CreateCommand($"""
            INSERT INTO {table} ({Columns}, intent_id)
            VALUES (@school, @seq, @chat, @action, @refused, @actor, @subject, @message, @clause, @detail, @evidence, @error, @at, @hash, @key, @intent)
            ON CONFLICT (school_id, intent_id) WHERE intent_id IS NOT NULL DO NOTHING
            """))
        {
            Bind(insert, e);
            insert.Parameters.AddWithValue("intent", intentId);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1) return null;
        }

        await using var earlier = database.CreateCommand($"SELECT {Columns} FROM {table} WHERE school_id = @school AND intent_id = @intent");
        earlier.Parameters.AddWithValue("school", e.SchoolId);
        earlier.Parameters.AddWithValue("intent", intentId);
        await using var reader = await earlier.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : throw new InvalidOperationException($"Audit intent {intentId} was neither appended nor found.");
    }

    private static void Bind(NpgsqlCommand command, AuditEntry e)
    {
        command.Parameters.AddWithValue("school", e.SchoolId);
        command.Parameters.AddWithValue("seq", e.Seq);
        command.Parameters.AddWithValue("chat", e.ChatId);
        command.Parameters.AddWithValue("action", e.Action);
        command.Parameters.AddWithValue("refused", e.Refused);
        command.Parameters.AddWithValue("actor", e.ActorId);
        command.Parameters.AddWithValue("subject", (object?)e.SubjectUserId ?? DBNull.Value);
        command.Parameters.AddWithValue("message", (object?)e.MessageSeq ?? DBNull.Value);
        command.Parameters.AddWithValue("clause", (object?)e.Clause ?? DBNull.Value);
        command.Parameters.AddWithValue("detail", e.Detail);
        command.Parameters.AddWithValue("evidence", (object?)e.Evidence ?? DBNull.Value);
        command.Parameters.AddWithValue("error", (object?)e.ErrorCode ?? DBNull.Value);
        command.Parameters.AddWithValue("at", e.At);
        command.Parameters.AddWithValue("hash", e.Hash);
        command.Parameters.AddWithValue("key", e.KeyId);
    }

    public async Task<Page<AuditEntry>> QueryAsync(string schoolId, AuditQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        long before = long.MaxValue;
        if (page.Cursor is { Length: > 0 } cursor && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out before))
            throw DomainException.InvalidField("page_token", CommonErrors.CursorInvalid, "The page cursor is not one this list gave out.");
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM {table}
             WHERE school_id = @school AND seq < @before
               AND (@chat::text IS NULL OR chat_id = @chat)
               AND (@member::text IS NULL OR subject_user_id = @member)
               AND (@moderator::text IS NULL OR actor_id = @moderator)
               AND (@from::timestamptz IS NULL OR at >= @from)
               AND (@to::timestamptz IS NULL OR at < @to)
             ORDER BY seq DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("before", before);
        command.Parameters.Add(new NpgsqlParameter("chat", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)query.ChatId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("member", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)query.MemberId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("moderator", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)query.ModeratorId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)query.From ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)query.To ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", page.EffectiveSize + 1);
        var rows = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(Read(reader));
        var more = rows.Count > page.EffectiveSize;
        var items = rows.Take(page.EffectiveSize).ToList();
        return new Page<AuditEntry>(items, more ? items[^1].Seq.ToString(CultureInfo.InvariantCulture) : null);
    }

    public async Task<IReadOnlyList<AuditEntry>> AfterAsync(string schoolId, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM {table} WHERE school_id = @school AND seq > @after ORDER BY seq LIMIT @limit");
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("after", afterSeq);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(Read(reader));
        return rows;
    }

    private static AuditEntry Read(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetBoolean(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetInt32(8),
        r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11),
        r.GetFieldValue<DateTimeOffset>(12), r.GetString(13))
    { KeyId = r.GetString(14) };
}
