using System.Globalization;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Schools;
using Npgsql;
using NpgsqlTypes;

namespace DistrictSferum.Grains.Schools;

/// <summary>The movement history in table school_movements (deploy/sql/0004).</summary>
public sealed class PostgresSchoolHistoryStore(NpgsqlDataSource database) : ISchoolHistoryStore
{
    public async Task AppendAsync(IReadOnlyList<Movement> movements, CancellationToken cancellationToken = default)
    {
        if (movements.Count == 0) return;
        await using var batch = database.CreateBatch();
        foreach (var m in movements) batch.BatchCommands.Add(AppendCommand(m));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends one movement (a no-op if its id is stored), for this store and for a school's own save.</summary>
    public static NpgsqlBatchCommand AppendCommand(Movement m)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO school_movements (movement_id, school_id, kind, user_id, from_class_id, to_class_id, actor_id, at, parent_ids)
            VALUES (@id, @school, @kind, @user, @from, @to, @actor, @at, @parents)
            ON CONFLICT (movement_id) DO NOTHING
            """);
        command.Parameters.AddWithValue("id", m.MovementId);
        command.Parameters.AddWithValue("school", m.SchoolId);
        command.Parameters.AddWithValue("kind", (short)m.Kind);
        command.Parameters.AddWithValue("user", m.UserId);
        command.Parameters.AddWithValue("from", (object?)m.FromClassId ?? DBNull.Value);
        command.Parameters.AddWithValue("to", (object?)m.ToClassId ?? DBNull.Value);
        command.Parameters.AddWithValue("actor", m.ActorId);
        command.Parameters.AddWithValue("at", m.At);
        command.Parameters.Add(new NpgsqlParameter("parents", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = m.ParentIds.ToArray() });
        return command;
    }

    public async Task<Page<Movement>> ListAsync(string schoolId, PageRequest page, CancellationToken cancellationToken = default)
    {
        long before = long.MaxValue;
        if (page.Cursor is { Length: > 0 } cursor && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out before))
            throw DomainException.InvalidField("page_token", CommonErrors.CursorInvalid, "The page cursor is not one this list gave out.");

        await using var command = database.CreateCommand("""
            SELECT seq, movement_id, kind, user_id, from_class_id, to_class_id, actor_id, at, parent_ids
              FROM school_movements WHERE school_id = @school AND seq < @before ORDER BY seq DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("before", before);
        command.Parameters.AddWithValue("limit", page.EffectiveSize + 1);
        var items = new List<Movement>();
        long lastSeq = 0;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == page.EffectiveSize)
            {
                more = true;
                break;
            }

            lastSeq = reader.GetInt64(0);
            items.Add(new Movement(
                schoolId, (MovementKind)reader.GetInt16(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<string[]>(8), reader.GetString(1)));
        }

        return new Page<Movement>(items, more ? lastSeq.ToString(CultureInfo.InvariantCulture) : null);
    }
}
