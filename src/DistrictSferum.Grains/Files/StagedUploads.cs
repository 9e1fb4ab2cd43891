using System.Runtime.CompilerServices;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Files;
using DistrictSferum.Contracts.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DistrictSferum.Grains.Files;

/// <summary>
/// Uploads in unary calls (CHAT-8, DIS-6). Start admits the upload at the school's files grain exactly as a streamed
/// upload is admitted; each append moves the upload's `received` and stores its chunk in one statement, so a chunk is
/// taken once, in order, whichever server takes it; finish streams the chunks back, a few per query, into the upload
/// pipeline. The pipeline's request id is the client's, else the upload id, so a finish retried after its answer was
/// lost finds the stored file instead of storing it twice.
/// </summary>
public sealed class StagedUploads(
    NpgsqlDataSource database, IFileTransfer transfer, IGrainFactory grains, ContactKeys keys, IOptions<FilesOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : IStagedUploads
{
    /// <summary>Unfinished uploads one person may have at once (each holds at most the largest file's bytes here).</summary>
    public const int MaxOpenPerUploader = 8;

    /// <summary>An upload untouched this long is dropped with its chunks.</summary>
    public static readonly TimeSpan Life = TimeSpan.FromDays(1);

    private const int ChunksPerQuery = 4;

    private sealed record Row(string SchoolId, string UploaderId, string Name, string ContentType, long Size, string Sha256, string RequestId,
        long Received, string? FileId)
    {
        public UploadHeader Header => new(SchoolId, Name, ContentType, Size, Sha256, RequestId);
    }

    public async Task<StagedUpload> StartAsync(Actor actor, UploadHeader header, CancellationToken cancellationToken)
    {
        var uploadId = ClientRequestIds.IdOf(keys, "upload/" + header.SchoolId, actor.UserId, header.RequestId);
        var admitted = header with { Sha256 = header.Sha256.ToLowerInvariant(), RequestId = header.RequestId ?? uploadId };
        var maxChunk = options.Value.MaxUploadChunkBytes;
        // Membership, name, size and quota: refused here before a byte is staged.
        var ticket = await grains.GetGrain<ISchoolFilesGrain>(header.SchoolId).BeginUpload(actor, admitted);
        if (ticket.Stored is { } stored) return new StagedUpload(uploadId, stored.Size, maxChunk, stored);

        await using (var insert = database.CreateCommand("""
            INSERT INTO file_uploads (upload_id, school_id, uploader_id, name, content_type, size, sha256, request_id, touched_at)
            SELECT @id, @school, @user, @name, @type, @size, @sha, @request, @now
             WHERE (SELECT count(*) FROM file_uploads WHERE uploader_id = @user AND file_id IS NULL AND touched_at > @alive) < @max
            ON CONFLICT (upload_id) DO NOTHING
            """))
        {
            insert.Parameters.AddWithValue("id", uploadId);
            insert.Parameters.AddWithValue("school", admitted.SchoolId);
            insert.Parameters.AddWithValue("user", actor.UserId);
            insert.Parameters.AddWithValue("name", admitted.Name);
            insert.Parameters.AddWithValue("type", admitted.DeclaredType);
            insert.Parameters.AddWithValue("size", admitted.Size);
            insert.Parameters.AddWithValue("sha", admitted.Sha256);
            insert.Parameters.AddWithValue("request", admitted.RequestId!);
            insert.Parameters.AddWithValue("now", clock.GetUtcNow());
            insert.Parameters.AddWithValue("alive", clock.GetUtcNow() - Life);
            insert.Parameters.AddWithValue("max", MaxOpenPerUploader);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var row = await FindAsync(uploadId, cancellationToken);
        if (row is null)
            throw DomainException.Exhausted(FileErrors.UploadsOpenLimit,
                $"At most {MaxOpenPerUploader} unfinished uploads at once: finish one, or wait a day for an abandoned one to go.", TimeSpan.FromMinutes(1), Rules.Chat8);
        if (row.SchoolId != admitted.SchoolId || row.Size != admitted.Size || row.Sha256 != admitted.Sha256)
            throw DomainException.Precondition(FileErrors.UploadConflict, "This request id started the upload of another file; use a new request id.", Rules.Chat8);
        return new StagedUpload(uploadId, row.Received, maxChunk, null);
    }

    public async Task<long> AppendAsync(Actor actor, string uploadId, long offset, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (offset < 0)
            throw DomainException.InvalidField("offset", FileErrors.UploadOffsetMismatch, "The offset is not negative.", Rules.Chat8);
        if (chunk.Length == 0)
            throw DomainException.InvalidField("chunk", FileErrors.UploadOffsetMismatch, "A chunk carries at least one byte.", Rules.Chat8);
        if (chunk.Length > options.Value.MaxUploadChunkBytes)
            throw DomainException.InvalidField("chunk", FileErrors.ChunkTooLarge, $"Send the file in chunks of at most {options.Value.MaxUploadChunkBytes / 1024} KiB.", Rules.Chat8);

        // The upload moves on only from exactly where it stands, and its chunk is stored in the same statement.
        await using (var append = database.CreateCommand("""
            WITH moved AS (
                UPDATE file_uploads SET received = received + @len, touched_at = @now
                 WHERE upload_id = @id AND uploader_id = @user AND file_id IS NULL AND received = @offset AND received + @len <= size
                RETURNING received)
            INSERT INTO file_upload_chunks (upload_id, pos, data) SELECT @id, @offset, @data FROM moved
            RETURNING pos + @len
            """))
        {
            append.Parameters.AddWithValue("id", uploadId);
            append.Parameters.AddWithValue("user", actor.UserId);
            append.Parameters.AddWithValue("offset", offset);
            append.Parameters.AddWithValue("len", (long)chunk.Length);
            append.Parameters.Add(new NpgsqlParameter("data", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = chunk });
            append.Parameters.AddWithValue("now", clock.GetUtcNow());
            if (await append.ExecuteScalarAsync(cancellationToken) is long received) return received;
        }

        var row = await OwnAsync(actor, uploadId, cancellationToken);
        // A chunk taken before (its answer was lost): acknowledged again, nothing stored twice.
        if (offset + chunk.Length <= row.Received) return row.Received;
        if (offset + chunk.Length > row.Size)
            throw DomainException.InvalidField("chunk", FileErrors.FileSizeMismatch, $"The file is longer than its declared size ({row.Size} bytes).", Rules.Chat8);
        throw DomainException.Precondition(FileErrors.UploadOffsetMismatch, $"The next chunk starts at byte {row.Received}.", Rules.Chat8);
    }

    public async Task<FileView> FinishAsync(Actor actor, string uploadId, CancellationToken cancellationToken)
    {
        var row = await OwnAsync(actor, uploadId, cancellationToken);
        if (row.FileId is { } fileId) return await grains.GetGrain<IFileGrain>(fileId).Open(actor);
        if (row.Received != row.Size)
            throw DomainException.Precondition(FileErrors.UploadIncomplete, $"{row.Received} of {row.Size} bytes have arrived; send the rest first.", Rules.Chat8);
        FileView file;
        try
        {
            file = await transfer.UploadAsync(actor, row.Header, ChunksAsync(uploadId, cancellationToken), cancellationToken);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.InvalidArgument)
        {
            // The bytes themselves were refused (type, hash, malware): starting again is the only way on.
            await ExecuteAsync("DELETE FROM file_uploads WHERE upload_id = @id AND file_id IS NULL", uploadId, CancellationToken.None);
            throw;
        }

        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Command("UPDATE file_uploads SET file_id = @file, received = size, touched_at = @now WHERE upload_id = @id", uploadId,
            ("file", file.FileId), ("now", clock.GetUtcNow())));
        batch.BatchCommands.Add(Command("DELETE FROM file_upload_chunks WHERE upload_id = @id", uploadId));
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
        return file;
    }

    /// <summary>Drops uploads untouched since <paramref name="before"/> with their chunks; returns how many.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("DELETE FROM file_uploads WHERE touched_at < @before");
        command.Parameters.AddWithValue("before", before);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> ChunksAsync(string uploadId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = 0L;
        while (true)
        {
            var chunks = new List<byte[]>(ChunksPerQuery);
            await using (var command = database.CreateCommand("SELECT data FROM file_upload_chunks WHERE upload_id = @id AND pos >= @from ORDER BY pos LIMIT @n"))
            {
                command.Parameters.AddWithValue("id", uploadId);
                command.Parameters.AddWithValue("from", next);
                command.Parameters.AddWithValue("n", ChunksPerQuery);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) chunks.Add(reader.GetFieldValue<byte[]>(0));
            }

            if (chunks.Count == 0) yield break;
            foreach (var chunk in chunks)
            {
                next += chunk.Length;
                yield return chunk;
            }
        }
    }

    private async Task<Row> OwnAsync(Actor actor, string uploadId, CancellationToken cancellationToken) =>
        await FindAsync(uploadId, cancellationToken) is { } row && row.UploaderId == actor.UserId
            ? row
            : throw DomainException.NotFound(FileErrors.UploadNotFound, "No such upload of yours (an unfinished one is dropped after a day).", Rules.Chat8);

    private async Task<Row?> FindAsync(string uploadId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT school_id, uploader_id, name, content_type, size, sha256, request_id, received, file_id FROM file_uploads WHERE upload_id = @id
            """);
        command.Parameters.AddWithValue("id", uploadId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Row(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5),
                reader.GetString(6), reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetString(8))
            : null;
    }

    private async Task ExecuteAsync(string sql, string uploadId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("id", uploadId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, string uploadId, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("id", uploadId);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
