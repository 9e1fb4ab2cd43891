using Npgsql;
using NpgsqlTypes;

namespace DistrictSferum.Grains.Statistics;

/// <summary>
/// The statistics side's PostgreSQL: reads the durable sources after a school's checkpoints, commits cell
/// increments together with the new checkpoints (one transaction: a crash either keeps both or neither), and
/// answers the query side.
/// </summary>
public sealed class PostgresUsageStore(NpgsqlDataSource database) : IUsageRecorder
{
    public async Task RecordAsync(string schoolId, IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0) return;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in RecordCommands(schoolId, records)) batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records usage facts inside a transaction of the caller's (a class's save), under the school's shared lock.</summary>
    public static IEnumerable<NpgsqlBatchCommand> RecordCommands(string schoolId, IReadOnlyList<UsageRecord> records)
    {
        if (records.Count == 0) yield break;
        var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock_shared(hashtext('usage_events/' || @school))");
        lockCommand.Parameters.AddWithValue("school", schoolId);
        yield return lockCommand;
        var command = new NpgsqlBatchCommand("""
            INSERT INTO usage_events (event_id, school_id, kind, class_id, chat_kind, role, member, seconds, at)
            SELECT e, @school, k, c, ck, r, m, s, a
              FROM unnest(@events, @kinds, @classes, @chatKinds, @roles, @members, @seconds, @ats) AS x(e, k, c, ck, r, m, s, a)
            ON CONFLICT (event_id) DO NOTHING
            """);
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("events", records.Select(r => r.EventId).ToArray());
        command.Parameters.AddWithValue("kinds", records.Select(r => r.Kind).ToArray());
        command.Parameters.Add(new NpgsqlParameter("classes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = records.Select(r => (object?)r.ClassId ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("chatKinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = records.Select(r => (object?)r.ChatKind ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("roles", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = records.Select(r => (object?)r.Role ?? DBNull.Value).ToArray() });
        command.Parameters.AddWithValue("members", records.Select(r => MemberKeys.Of(r.UserId)).ToArray());
        command.Parameters.AddWithValue("seconds", records.Select(r => r.Seconds).ToArray());
        command.Parameters.AddWithValue("ats", records.Select(r => r.At).ToArray());
        yield return command;
    }

    /// <summary>
    /// usage_events numbers come from one identity shared by every writer, handed out before commit. Writers hold
    /// the school's lock shared until they commit; the reader takes it exclusively, so every number below the
    /// newest it reads belongs to a committed row and a checkpoint never steps over a row still on its way.
    /// </summary>
    private static async Task LockEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schoolId, bool shared, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(shared
            ? "SELECT pg_advisory_xact_lock_shared(hashtext('usage_events/' || @school))"
            : "SELECT pg_advisory_xact_lock(hashtext('usage_events/' || @school))", connection, transaction);
        command.Parameters.AddWithValue("school", schoolId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SetKAsync(int k, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("UPDATE usage_settings SET k = @k WHERE id AND k <> @k");
        command.Parameters.AddWithValue("k", k);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // --- the aggregator's sources ---

    public async Task<IReadOnlyList<Checkpoint>> CheckpointsAsync(string schoolId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            "SELECT source, source_key, position, pending_at, pending_member FROM usage_checkpoints WHERE school_id = @school");
        command.Parameters.AddWithValue("school", schoolId);
        var list = new List<Checkpoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new Checkpoint(reader.GetString(0), reader.GetString(1), reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4)));
        return list;
    }

    /// <summary>
    /// What each chat logged after its position, up to <paramref name="limit"/> rows a chat, in one query: only the
    /// chats that moved appear (a quiet chat costs one index probe).
    /// </summary>
    public async Task<Dictionary<string, List<ChatLogRow>>> ChatEventsAfterAsync(
        IReadOnlyList<(string ChatId, long After)> positions, int limit, CancellationToken cancellationToken = default)
    {
        var moved = new Dictionary<string, List<ChatLogRow>>();
        if (positions.Count == 0) return moved;
        await using var command = database.CreateCommand("""
            SELECT c.id, e.seq, e.kind, e.actor_id, e.at, e.subject_user_id
              FROM unnest(@ids, @after) AS c(id, after)
              CROSS JOIN LATERAL (SELECT seq, kind, actor_id, at, subject_user_id FROM chat_events
                                   WHERE chat_id = c.id AND seq > c.after ORDER BY seq LIMIT @limit) e
            """);
        command.Parameters.AddWithValue("ids", positions.Select(p => p.ChatId).ToArray());
        command.Parameters.AddWithValue("after", positions.Select(p => p.After).ToArray());
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var chatId = reader.GetString(0);
            if (!moved.TryGetValue(chatId, out var rows)) moved[chatId] = rows = [];
            rows.Add(new ChatLogRow(reader.GetInt64(1), reader.GetInt16(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        // Each chat's rows come in its own order from the lateral query; the join promises no order, so say it.
        foreach (var rows in moved.Values) rows.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return moved;
    }

    public async Task<IReadOnlyList<MovementRow>> MovementsAsync(string schoolId, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        // school_movements keeps no commit time: a row's own time stands in for it (appends follow their fact closely).
        await using var command = database.CreateCommand("""
            SELECT seq, kind, user_id, from_class_id, to_class_id, at FROM school_movements
             WHERE school_id = @school AND seq > @after ORDER BY seq LIMIT @limit
            """);
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("after", afterSeq);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<MovementRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = reader.GetFieldValue<DateTimeOffset>(5);
            rows.Add(new MovementRow(reader.GetInt64(0), reader.GetInt16(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), at, at));
        }

        return rows;
    }

    public async Task<IReadOnlyList<AuditRow>> AuditAsync(string schoolId, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT seq, chat_id, action, refused, actor_id, subject_user_id, at FROM moderation_audit
             WHERE school_id = @school AND seq > @after ORDER BY seq LIMIT @limit
            """);
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("after", afterSeq);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<AuditRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new AuditRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6)));
        return rows;
    }

    public async Task<IReadOnlyList<EventRow>> EventsAsync(string schoolId, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockEventsAsync(connection, transaction, schoolId, shared: false, cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT seq, kind, class_id, chat_kind, role, member, seconds, at, recorded_at FROM usage_events
             WHERE school_id = @school AND seq > @after ORDER BY seq LIMIT @limit
            """, connection, transaction);
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("after", afterSeq);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<EventRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new EventRow(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<byte[]>(5), reader.GetDouble(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8)));
        await reader.DisposeAsync();
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    public async Task<DateTimeOffset> DatabaseNowAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT now()");
        return (DateTimeOffset)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // --- the aggregator's commit ---

    /// <summary>
    /// Adds the cells' counts, adds each member behind a cell once (so distinct counts stay exact across batches
    /// and restarts), stores the reply samples, and moves the checkpoints: all in one transaction. A pair
    /// <paramref name="stored"/> knows is not sent again; the hour and day pairs this commit stored are added to it.
    /// </summary>
    public async Task CommitAsync(string schoolId, IReadOnlyDictionary<CellKey, CellDelta> cells, IReadOnlyList<Checkpoint> checkpoints,
        IReadOnlyList<ReplySample> replies, StoredMembers? stored = null, CancellationToken cancellationToken = default)
    {
        var lasting = new List<(long Cell, UInt128 Member)>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (cells.Count > 0)
        {
            // One order for every school: district cells are shared, and a fixed lock order cannot deadlock.
            var ordered = cells.OrderBy(c => c.Key.Bucket).ThenBy(c => c.Key.SchoolId, StringComparer.Ordinal).ThenBy(c => c.Key.BucketStart)
                .ThenBy(c => c.Key.ClassKey, StringComparer.Ordinal).ThenBy(c => c.Key.ChatKind, StringComparer.Ordinal)
                .ThenBy(c => c.Key.Role, StringComparer.Ordinal).ThenBy(c => c.Key.Kind, StringComparer.Ordinal).ToList();
            var ids = new Dictionary<(char, DateTimeOffset, string, string, string, string, string), long>();
            await using (var upsert = new NpgsqlCommand("""
                INSERT INTO usage_cells (bucket, bucket_start, school_id, class_key, class_name, grade, chat_kind, role, kind, count, seconds)
                SELECT * FROM unnest(@buckets::char(1)[], @starts, @schools, @classKeys, @classNames, @grades::smallint[], @chatKinds, @roles, @kinds, @counts, @seconds)
                ON CONFLICT (bucket, school_id, bucket_start, class_key, chat_kind, role, kind) DO UPDATE
                   SET count = usage_cells.count + excluded.count, seconds = usage_cells.seconds + excluded.seconds,
                       class_name = excluded.class_name, grade = excluded.grade
                RETURNING id, bucket, bucket_start, school_id, class_key, chat_kind, role, kind
                """, connection, transaction))
            {
                upsert.Parameters.AddWithValue("buckets", ordered.Select(c => c.Key.Bucket.ToString()).ToArray());
                upsert.Parameters.AddWithValue("starts", ordered.Select(c => c.Key.BucketStart).ToArray());
                upsert.Parameters.AddWithValue("schools", ordered.Select(c => c.Key.SchoolId).ToArray());
                upsert.Parameters.AddWithValue("classKeys", ordered.Select(c => c.Key.ClassKey).ToArray());
                upsert.Parameters.AddWithValue("classNames", ordered.Select(c => c.Key.ClassName).ToArray());
                upsert.Parameters.AddWithValue("grades", ordered.Select(c => c.Key.Grade).ToArray());
                upsert.Parameters.AddWithValue("chatKinds", ordered.Select(c => c.Key.ChatKind).ToArray());
                upsert.Parameters.AddWithValue("roles", ordered.Select(c => c.Key.Role).ToArray());
                upsert.Parameters.AddWithValue("kinds", ordered.Select(c => c.Key.Kind).ToArray());
                upsert.Parameters.AddWithValue("counts", ordered.Select(c => c.Value.Count).ToArray());
                upsert.Parameters.AddWithValue("seconds", ordered.Select(c => c.Value.Seconds).ToArray());
                await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    ids[(reader.GetString(1)[0], reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7))] = reader.GetInt64(0);
            }

            var memberCells = new List<long>();
            var members = new List<byte[]>();
            foreach (var (key, delta) in ordered)
            {
                var id = ids[(key.Bucket, key.BucketStart, key.SchoolId, key.ClassKey, key.ChatKind, key.Role, key.Kind)];
                foreach (var member in delta.Members.Order())
                {
                    if (stored?.Contains(id, member) == true) continue;
                    memberCells.Add(id);
                    members.Add(MemberKeys.Bytes(member));
                    // A minute's pairs stop coming within a minute: not worth the room.
                    if (key.Bucket != 'm') lasting.Add((id, member));
                }
            }

            if (memberCells.Count > 0)
            {
                await using var distinct = new NpgsqlCommand("""
                    WITH added AS (
                        INSERT INTO usage_cell_members (cell_id, member) SELECT * FROM unnest(@cells, @members)
                        ON CONFLICT DO NOTHING RETURNING cell_id),
                    counts AS (SELECT cell_id, count(*)::int AS n FROM added GROUP BY cell_id)
                    UPDATE usage_cells c SET members = c.members + counts.n FROM counts WHERE c.id = counts.cell_id
                    """, connection, transaction);
                distinct.Parameters.AddWithValue("cells", memberCells.ToArray());
                distinct.Parameters.AddWithValue("members", members.ToArray());
                await distinct.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (replies.Count > 0)
        {
            await using var samples = new NpgsqlCommand("""
                INSERT INTO usage_reply_samples (school_id, at, seconds, member) SELECT @school, a, s, m FROM unnest(@ats, @seconds, @members) AS x(a, s, m)
                """, connection, transaction);
            samples.Parameters.AddWithValue("school", schoolId);
            samples.Parameters.AddWithValue("ats", replies.Select(r => r.At).ToArray());
            samples.Parameters.AddWithValue("seconds", replies.Select(r => r.Seconds).ToArray());
            samples.Parameters.AddWithValue("members", replies.Select(r => r.Member).ToArray());
            await samples.ExecuteNonQueryAsync(cancellationToken);
        }

        if (checkpoints.Count > 0)
        {
            await using var save = new NpgsqlCommand("""
                INSERT INTO usage_checkpoints (school_id, source, source_key, position, pending_at, pending_member, updated_at)
                SELECT @school, s, k, p, pa, pm, now() FROM unnest(@sources, @keys, @positions, @pendingAts, @pendingMembers) AS x(s, k, p, pa, pm)
                ON CONFLICT (school_id, source, source_key) DO UPDATE
                   SET position = excluded.position, pending_at = excluded.pending_at, pending_member = excluded.pending_member, updated_at = now()
                """, connection, transaction);
            save.Parameters.AddWithValue("school", schoolId);
            save.Parameters.AddWithValue("sources", checkpoints.Select(c => c.Source).ToArray());
            save.Parameters.AddWithValue("keys", checkpoints.Select(c => c.Key).ToArray());
            save.Parameters.AddWithValue("positions", checkpoints.Select(c => c.Position).ToArray());
            save.Parameters.Add(new NpgsqlParameter("pendingAts", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = checkpoints.Select(c => (object?)c.PendingAt ?? DBNull.Value).ToArray() });
            save.Parameters.Add(new NpgsqlParameter("pendingMembers", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = checkpoints.Select(c => (object?)c.PendingMember ?? DBNull.Value).ToArray() });
            await save.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        stored?.Add(lasting);
    }

    /// <summary>
    /// Member rows are needed only while a bucket can still grow; minutes are the live view and their history is
    /// hourly (a query of minutes reaches back two days at most).
    /// </summary>
    public async Task PruneMembersAsync(string schoolId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            DELETE FROM usage_cell_members m USING usage_cells c
             WHERE m.cell_id = c.id AND c.school_id IN (@school, '')
               AND ((c.bucket = 'm' AND c.bucket_start < @minutes) OR (c.bucket IN ('h', 'd') AND c.bucket_start < @days));
            DELETE FROM usage_cells WHERE bucket = 'm' AND school_id IN (@school, '') AND bucket_start < @retention;
            """);
        command.Parameters.AddWithValue("retention", now.AddDays(-3));
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("minutes", now.AddHours(-3));
        command.Parameters.AddWithValue("days", now.AddDays(-3));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // --- the query side ---

    public async Task<IReadOnlyList<StoredCell>> CellsAsync(CellSelection s, CancellationToken cancellationToken = default)
    {
        var school = s.SchoolId is not null ? "school_id = @school" : s.BySchool ? "school_id <> ''" : "school_id = ''";
        var classFilter = s.Class switch
        {
            ClassLevel.Class => "class_key LIKE 'c:%'",
            ClassLevel.Grade => "class_key LIKE 'g:%'",
            _ => "class_key = ''",
        };
        await using var command = database.CreateCommand($"""
            SELECT bucket_start, school_id, class_key, class_name, grade, chat_kind, role, kind, count, seconds, members
              FROM usage_cells
             WHERE bucket = @bucket AND {school} AND bucket_start >= @from AND bucket_start < @to AND {classFilter}
               AND {(s.ByChatKind ? "chat_kind <> ''" : "chat_kind = ''")} AND {(s.ByRole ? "role <> ''" : "role = ''")}
               AND kind = ANY(@kinds)
            """);
        command.Parameters.AddWithValue("bucket", NpgsqlDbType.Char, s.Bucket.ToString());
        command.Parameters.AddWithValue("school", s.SchoolId ?? "");
        command.Parameters.AddWithValue("from", s.From);
        command.Parameters.AddWithValue("to", s.To);
        command.Parameters.AddWithValue("kinds", s.Kinds.ToArray());
        var cells = new List<StoredCell>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            cells.Add(new StoredCell(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt16(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetInt64(8), reader.GetDouble(9), reader.GetInt32(10)));
        return cells;
    }

    /// <summary>The median time to a first staff reply in a school's class chats, with the distinct parents behind it.</summary>
    public async Task<(double? Median, int Members)> ReplyMedianAsync(string schoolId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds), count(DISTINCT member)::int
              FROM usage_reply_samples WHERE school_id = @school AND at >= @from AND at < @to
            """);
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.IsDBNull(0) ? null : reader.GetDouble(0), reader.GetInt32(1));
    }

    /// <summary>Up to when a school's buckets (or, for null, every school's) are closed.</summary>
    public async Task<DateTimeOffset?> ClosedThroughAsync(string? schoolId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(schoolId is null
            ? "SELECT min(position) FROM usage_checkpoints WHERE source = 'closed'"
            : "SELECT min(position) FROM usage_checkpoints WHERE source = 'closed' AND school_id = @school");
        command.Parameters.AddWithValue("school", schoolId ?? "");
        return await command.ExecuteScalarAsync(cancellationToken) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>Schools whose aggregator has run at least once.</summary>
    public async Task<IReadOnlyList<string>> AggregatedSchoolsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("SELECT school_id FROM usage_checkpoints WHERE source = 'closed'");
        var list = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(reader.GetString(0));
        return list;
    }

    public async Task AuditDistrictAsync(DateTimeOffset at, string actorId, string action, string subjectId, string detail, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO district_audit (at, actor_id, action, subject_id, detail) VALUES (@at, @actor, @action, @subject, @detail)");
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("actor", actorId);
        command.Parameters.AddWithValue("action", action);
        command.Parameters.AddWithValue("subject", subjectId);
        command.Parameters.AddWithValue("detail", detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
