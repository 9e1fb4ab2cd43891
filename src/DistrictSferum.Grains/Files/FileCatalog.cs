using DistrictSferum.Contracts.Files;
using Npgsql;
using NpgsqlTypes;

namespace DistrictSferum.Grains.Files;

/// <summary>The files table: one row per stored upload, the message it is attached to, its deletion and purge.</summary>
public sealed class FileCatalog(NpgsqlDataSource database)
{
    private const string Columns = """
        file_id, school_id, uploader_id, name, content_type, size, sha256, scan, created_at, chat_id, message_seq, width, height,
        thumbnail IS NOT NULL, deleted_at, deleted_by, evidence, ticket_id
        """;

    public async Task InsertAsync(FileView f, byte[]? thumbnail)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO files (file_id, school_id, uploader_id, name, content_type, size, sha256, scan, created_at, width, height, thumbnail)
            VALUES (@id, @school, @uploader, @name, @type, @size, @sha, @scan, @at, @w, @h, @thumb)
            ON CONFLICT (file_id) DO NOTHING
            """);
        command.Parameters.AddWithValue("id", f.FileId);
        command.Parameters.AddWithValue("school", f.SchoolId);
        command.Parameters.AddWithValue("uploader", f.UploaderId);
        command.Parameters.AddWithValue("name", f.Name);
        command.Parameters.AddWithValue("type", f.ContentType);
        command.Parameters.AddWithValue("size", f.Size);
        command.Parameters.AddWithValue("sha", f.Sha256);
        command.Parameters.AddWithValue("scan", (short)f.Scan);
        command.Parameters.AddWithValue("at", f.CreatedAt);
        command.Parameters.Add(new NpgsqlParameter("w", NpgsqlDbType.Integer) { Value = (object?)f.Width ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("h", NpgsqlDbType.Integer) { Value = (object?)f.Height ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("thumb", NpgsqlDbType.Bytea) { Value = (object?)thumbnail ?? DBNull.Value });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A file that is not purged, or null.</summary>
    public async Task<FileView?> GetAsync(string fileId)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM files WHERE file_id = @id AND purged_at IS NULL");
        command.Parameters.AddWithValue("id", fileId);
        return (await ReadAsync(command)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<FileView>> GetManyAsync(IReadOnlyList<string> fileIds)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM files WHERE file_id = ANY(@ids) AND purged_at IS NULL");
        command.Parameters.AddWithValue("ids", fileIds.ToArray());
        return await ReadAsync(command);
    }

    public async Task<byte[]?> ThumbnailAsync(string fileId)
    {
        await using var command = database.CreateCommand("SELECT thumbnail FROM files WHERE file_id = @id AND purged_at IS NULL");
        command.Parameters.AddWithValue("id", fileId);
        return await command.ExecuteScalarAsync() as byte[];
    }

    /// <summary>Bytes of a school's files that are not purged (what its quota counts).</summary>
    public async Task<long> UsedBytesAsync(string schoolId)
    {
        await using var command = database.CreateCommand("SELECT coalesce(sum(size), 0)::bigint FROM files WHERE school_id = @school AND purged_at IS NULL");
        command.Parameters.AddWithValue("school", schoolId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Links the uploader's files to their message; linking the same message again changes nothing.</summary>
    public async Task AttachAsync(IReadOnlyList<string> fileIds, string uploaderId, string chatId, long seq)
    {
        await using var command = database.CreateCommand("""
            UPDATE files SET chat_id = @chat, message_seq = @seq
             WHERE file_id = ANY(@ids) AND uploader_id = @uploader AND ticket_id IS NULL
               AND (chat_id IS NULL OR (chat_id = @chat AND message_seq = @seq))
            """);
        command.Parameters.AddWithValue("ids", fileIds.ToArray());
        command.Parameters.AddWithValue("uploader", uploaderId);
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("seq", seq);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The files of a deleted message lose their access. A moderator's deletion holds them as evidence (never purged);
    /// an author's deletion makes them due for purge after the retention period.
    /// </summary>
    public async Task MarkDeletedAsync(string chatId, long seq, string actorId, bool evidence, DateTimeOffset at, DateTimeOffset purgeAfter)
    {
        await using var command = database.CreateCommand("""
            UPDATE files SET deleted_at = @at, deleted_by = @actor, evidence = @evidence, purge_after = CASE WHEN @evidence THEN NULL ELSE @purge END
             WHERE chat_id = @chat AND message_seq = @seq AND deleted_at IS NULL
            """);
        command.Parameters.AddWithValue("chat", chatId);
        command.Parameters.AddWithValue("seq", seq);
        command.Parameters.AddWithValue("actor", actorId);
        command.Parameters.AddWithValue("evidence", evidence);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("purge", purgeAfter);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Files whose retention ran out (never evidence), oldest first.</summary>
    public async Task<IReadOnlyList<FileView>> DueForPurgeAsync(DateTimeOffset now, int limit)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM files WHERE purged_at IS NULL AND purge_after <= @now AND NOT evidence ORDER BY purge_after LIMIT @limit
            """);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command);
    }

    /// <summary>Marks the file purged; whether this call did (a second purger finds it done).</summary>
    public async Task<bool> MarkPurgedAsync(FileView file, DateTimeOffset now)
    {
        await using var command = database.CreateCommand("UPDATE files SET purged_at = @now, thumbnail = NULL WHERE file_id = @id AND purged_at IS NULL");
        command.Parameters.AddWithValue("id", file.FileId);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    private static async Task<IReadOnlyList<FileView>> ReadAsync(NpgsqlCommand command)
    {
        var files = new List<FileView>();
        await using var r = await command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            files.Add(new FileView(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetString(6),
                (ScanStatus)r.GetInt16(7), r.GetFieldValue<DateTimeOffset>(8), r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : r.GetInt64(10),
                r.IsDBNull(11) ? null : r.GetInt32(11), r.IsDBNull(12) ? null : r.GetInt32(12), r.GetBoolean(13),
                r.IsDBNull(14) ? null : r.GetFieldValue<DateTimeOffset>(14), r.IsDBNull(15) ? null : r.GetString(15), r.GetBoolean(16),
                r.IsDBNull(17) ? null : r.GetString(17)));
        }

        return files;
    }
}
