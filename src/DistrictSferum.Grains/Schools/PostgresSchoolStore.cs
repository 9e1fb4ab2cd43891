using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using DistrictSferum.Grains.Audit;
using DistrictSferum.Grains.Statistics;

namespace DistrictSferum.Grains.Schools;

/// <summary>A school's rows in school_state, school_members, school_invites, school_join_requests and school_outbox (deploy/sql/0030).</summary>
public sealed class PostgresSchoolStore(NpgsqlDataSource database, Serializer serializer) : ISchoolStore
{
    public async Task<SchoolSnapshot?> LoadAsync(string schoolId, CancellationToken cancellationToken = default)
    {
        await using var batch = database.CreateBatch();
        foreach (var sql in new[]
                 {
                     "SELECT version, core FROM school_state WHERE school_id = @school",
                     "SELECT record FROM school_members WHERE school_id = @school",
                     "SELECT entry FROM school_outbox WHERE school_id = @school ORDER BY seq",
                 })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue("school", schoolId);
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var version = reader.GetInt64(0);
        var core = serializer.Deserialize<SchoolCore>(reader.GetFieldValue<byte[]>(1)) ?? throw new InvalidDataException($"School {schoolId} has an empty core.");
        await reader.NextResultAsync(cancellationToken);
        var members = await ReadAllAsync<MemberRecord>(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var outbox = await ReadAllAsync<SchoolOutboxEntry>(reader, cancellationToken);
        return new SchoolSnapshot(version, core, members, outbox);
    }

    public async Task<long> SaveAsync(string schoolId, long expectedVersion, SchoolWrite write, CancellationToken cancellationToken = default)
    {
        // Built (and its records serialized) before the first await: the caller's records may change once it yields.
        await using var batch = new NpgsqlBatch();

        // The version row first: a second writer fails here before touching anything else.
        var versionCommand = expectedVersion == 0
            ? Command("INSERT INTO school_state (school_id, version, core) VALUES (@school, 1, @core) ON CONFLICT (school_id) DO NOTHING",
                ("core", serializer.SerializeToArray(write.Core ?? throw new ArgumentException("A school's first save carries its core.", nameof(write)))))
            : write.Core is { } core
                ? Command("UPDATE school_state SET version = version + 1, core = @core WHERE school_id = @school AND version = @version",
                    ("core", serializer.SerializeToArray(core)), ("version", expectedVersion))
                : Command("UPDATE school_state SET version = version + 1 WHERE school_id = @school AND version = @version", ("version", expectedVersion));
        batch.BatchCommands.Add(versionCommand);

        Rows(batch, "school_members", "user_id", write.Members.Select(m => (m.UserId, serializer.SerializeToArray(m))), write.RemovedMembers);
        AddClassRows(batch, write.Invites, write.Requests, write.RemovedRequests);
        foreach (var e in write.OutboxAdded)
            batch.BatchCommands.Add(Command("INSERT INTO school_outbox (school_id, entry_id, entry) VALUES (@school, @id, @entry) ON CONFLICT DO NOTHING",
                ("id", e.Id), ("entry", serializer.SerializeToArray(e))));
        if (write.OutboxRemoved.Count > 0)
            batch.BatchCommands.Add(Command("DELETE FROM school_outbox WHERE school_id = @school AND entry_id = ANY(@ids)", ("ids", write.OutboxRemoved.ToArray())));

        foreach (NpgsqlBatchCommand command in batch.BatchCommands) command.Parameters.AddWithValue("school", schoolId);
        foreach (var movement in write.History) batch.BatchCommands.Add(PostgresSchoolHistoryStore.AppendCommand(movement));
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        (batch.Connection, batch.Transaction) = (connection, transaction);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (batch.BatchCommands[0].RecordsAffected != 1)
            throw new InconsistentStateException($"School {schoolId} was saved by another activation (expected version {expectedVersion}).");
        await transaction.CommitAsync(cancellationToken);
        return expectedVersion + 1;
    }

    public async Task<ClassSnapshot> LoadClassAsync(string schoolId, string classId, CancellationToken cancellationToken = default)
    {
        await FillClassColumnsAsync(schoolId, cancellationToken);
        await using var batch = database.CreateBatch();
        foreach (var sql in new[]
                 {
                     "SELECT version FROM school_class_state WHERE school_id = @school AND class_id = @class",
                     "SELECT record FROM school_invites WHERE school_id = @school AND class_id = @class",
                     "SELECT record FROM school_join_requests WHERE school_id = @school AND class_id = @class",
                 })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue("school", schoolId);
            command.Parameters.AddWithValue("class", classId);
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var version = await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : 0;
        await reader.NextResultAsync(cancellationToken);
        var invites = await ReadAllAsync<InviteRecord>(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var requests = await ReadAllAsync<JoinRequestRecord>(reader, cancellationToken);
        return new ClassSnapshot(version, invites, requests);
    }

    public async Task<long> SaveClassAsync(string schoolId, string classId, long expectedVersion, ClassWrite write, CancellationToken cancellationToken = default)
    {
        await using var batch = new NpgsqlBatch();
        batch.BatchCommands.Add(expectedVersion == 0
            ? Command("INSERT INTO school_class_state (school_id, class_id, version) VALUES (@school, @class, 1) ON CONFLICT DO NOTHING")
            : Command("UPDATE school_class_state SET version = version + 1 WHERE school_id = @school AND class_id = @class AND version = @version",
                ("version", expectedVersion)));
        batch.BatchCommands[0].Parameters.AddWithValue("class", classId);
        AddClassRows(batch, write.Invites, write.Requests, write.RemovedRequests);
        foreach (NpgsqlBatchCommand command in batch.BatchCommands) command.Parameters.AddWithValue("school", schoolId);
        foreach (var command in PostgresUsageStore.RecordCommands(schoolId, write.Usage)) batch.BatchCommands.Add(command);
        foreach (var intent in write.Audit) batch.BatchCommands.Add(PostgresAuditIntentStore.InsertCommand(intent));
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        (batch.Connection, batch.Transaction) = (connection, transaction);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (batch.BatchCommands[0].RecordsAffected != 1)
            throw new InconsistentStateException($"Class {classId} of school {schoolId} was saved by another activation (expected version {expectedVersion}).");
        await transaction.CommitAsync(cancellationToken);
        return expectedVersion + 1;
    }

    public async Task<IReadOnlyList<InviteRecord>> ListInvitesAsync(string schoolId, CancellationToken cancellationToken = default) =>
        await ListAsync<InviteRecord>("SELECT record FROM school_invites WHERE school_id = @school", schoolId, cancellationToken);

    public async Task<IReadOnlyList<JoinRequestRecord>> ListRequestsAsync(string schoolId, CancellationToken cancellationToken = default) =>
        await ListAsync<JoinRequestRecord>("SELECT record FROM school_join_requests WHERE school_id = @school", schoolId, cancellationToken);

    public async Task<InviteRecord?> FindInviteAsync(string schoolId, string inviteId, CancellationToken cancellationToken = default) =>
        (await ListAsync<InviteRecord>("SELECT record FROM school_invites WHERE school_id = @school AND invite_id = @id", schoolId, cancellationToken, inviteId)).SingleOrDefault();

    public async Task<JoinRequestRecord?> FindRequestAsync(string schoolId, string requestId, CancellationToken cancellationToken = default) =>
        (await ListAsync<JoinRequestRecord>("SELECT record FROM school_join_requests WHERE school_id = @school AND request_id = @id", schoolId, cancellationToken, requestId)).SingleOrDefault();

    public async Task<IReadOnlyList<string>> ClassesConcerningAsync(string schoolId, string userId, CancellationToken cancellationToken = default)
    {
        await FillClassColumnsAsync(schoolId, cancellationToken);
        await using var command = database.CreateCommand("""
            SELECT class_id FROM school_invites WHERE school_id = @school AND student_id = @user AND class_id IS NOT NULL
            UNION
            SELECT class_id FROM school_join_requests WHERE school_id = @school AND (user_id = @user OR student_id = @user) AND class_id IS NOT NULL
            """);
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("user", userId);
        var classes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) classes.Add(reader.GetString(0));
        return classes;
    }

    /// <summary>Rows written before their class had a grain (0031) carry no class: fill in what their records say, once.</summary>
    private async Task FillClassColumnsAsync(string schoolId, CancellationToken cancellationToken)
    {
        var invites = await ListAsync<InviteRecord>("SELECT record FROM school_invites WHERE school_id = @school AND class_id IS NULL", schoolId, cancellationToken);
        var requests = await ListAsync<JoinRequestRecord>("SELECT record FROM school_join_requests WHERE school_id = @school AND class_id IS NULL", schoolId, cancellationToken);
        if (invites.Count == 0 && requests.Count == 0) return;
        await using var batch = database.CreateBatch();
        AddClassRows(batch, invites, requests, []);
        foreach (NpgsqlBatchCommand command in batch.BatchCommands) command.Parameters.AddWithValue("school", schoolId);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private void AddClassRows(NpgsqlBatch batch, IEnumerable<InviteRecord> invites, IEnumerable<JoinRequestRecord> requests, IReadOnlyList<string> removedRequests)
    {
        foreach (var i in invites)
            batch.BatchCommands.Add(Command("""
                INSERT INTO school_invites (school_id, invite_id, record, class_id, student_id) VALUES (@school, @id, @record, @class, @student)
                ON CONFLICT (school_id, invite_id) DO UPDATE SET record = excluded.record, class_id = excluded.class_id, student_id = excluded.student_id
                """, ("id", i.InviteId), ("record", serializer.SerializeToArray(i)), ("class", i.ClassId), ("student", (object?)i.StudentId ?? DBNull.Value)));
        foreach (var r in requests)
            batch.BatchCommands.Add(Command("""
                INSERT INTO school_join_requests (school_id, request_id, record, class_id, user_id, student_id) VALUES (@school, @id, @record, @class, @user, @student)
                ON CONFLICT (school_id, request_id) DO UPDATE SET record = excluded.record, class_id = excluded.class_id, user_id = excluded.user_id, student_id = excluded.student_id
                """, ("id", r.RequestId), ("record", serializer.SerializeToArray(r)), ("class", r.ClassId), ("user", r.UserId), ("student", (object?)r.StudentId ?? DBNull.Value)));
        if (removedRequests.Count > 0)
            batch.BatchCommands.Add(Command("DELETE FROM school_join_requests WHERE school_id = @school AND request_id = ANY(@ids)", ("ids", removedRequests.ToArray())));
    }

    private async Task<List<T>> ListAsync<T>(string sql, string schoolId, CancellationToken cancellationToken, string? id = null)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("school", schoolId);
        if (id is not null) command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadAllAsync<T>(reader, cancellationToken);
    }

    /// <summary>Stores each record in <paramref name="table"/> (keyed by school and <paramref name="key"/>) and deletes the removed ones.</summary>
    private static void Rows(NpgsqlBatch batch, string table, string key, IEnumerable<(string Id, byte[] Record)> stored, IReadOnlyList<string> removed)
    {
        foreach (var (id, record) in stored)
            batch.BatchCommands.Add(Command($"""
                INSERT INTO {table} (school_id, {key}, record) VALUES (@school, @id, @record)
                ON CONFLICT (school_id, {key}) DO UPDATE SET record = excluded.record
                """, ("id", id), ("record", record)));
        if (removed.Count > 0)
            batch.BatchCommands.Add(Command($"DELETE FROM {table} WHERE school_id = @school AND {key} = ANY(@ids)", ("ids", removed.ToArray())));
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private async Task<List<T>> ReadAllAsync<T>(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) items.Add(serializer.Deserialize<T>(reader.GetFieldValue<byte[]>(0))!);
        return items;
    }
}
