using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

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
                     "SELECT record FROM school_invites WHERE school_id = @school",
                     "SELECT record FROM school_join_requests WHERE school_id = @school",
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
        var invites = await ReadAllAsync<InviteRecord>(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var requests = await ReadAllAsync<JoinRequestRecord>(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var outbox = await ReadAllAsync<SchoolOutboxEntry>(reader, cancellationToken);
        return new SchoolSnapshot(version, core, members, invites, requests, outbox);
    }

    public async Task<long> SaveAsync(string schoolId, long expectedVersion, SchoolWrite write, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);

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
        Rows(batch, "school_invites", "invite_id", write.Invites.Select(i => (i.InviteId, serializer.SerializeToArray(i))), []);
        Rows(batch, "school_join_requests", "request_id", write.Requests.Select(r => (r.RequestId, serializer.SerializeToArray(r))), write.RemovedRequests);
        foreach (var e in write.OutboxAdded)
            batch.BatchCommands.Add(Command("INSERT INTO school_outbox (school_id, entry_id, entry) VALUES (@school, @id, @entry) ON CONFLICT DO NOTHING",
                ("id", e.Id), ("entry", serializer.SerializeToArray(e))));
        if (write.OutboxRemoved.Count > 0)
            batch.BatchCommands.Add(Command("DELETE FROM school_outbox WHERE school_id = @school AND entry_id = ANY(@ids)", ("ids", write.OutboxRemoved.ToArray())));

        foreach (NpgsqlBatchCommand command in batch.BatchCommands) command.Parameters.AddWithValue("school", schoolId);
        foreach (var movement in write.History) batch.BatchCommands.Add(PostgresSchoolHistoryStore.AppendCommand(movement));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (batch.BatchCommands[0].RecordsAffected != 1)
            throw new InconsistentStateException($"School {schoolId} was saved by another activation (expected version {expectedVersion}).");
        await transaction.CommitAsync(cancellationToken);
        return expectedVersion + 1;
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
