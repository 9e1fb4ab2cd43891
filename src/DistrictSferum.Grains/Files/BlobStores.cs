using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace DistrictSferum.Grains.Files;

/// <summary>
/// Where files' bytes live: content-addressed per school (school, SHA-256), so the same bytes uploaded twice in a school
/// are stored once. A blob is written piece by piece and becomes addressable only when committed under its hash.
/// Every commit is one reference to the bytes (stored or reused) and <see cref="ReleaseAsync"/> drops one: the bytes go
/// only with the last reference, decided atomically with the commits, so a reuse and a release never race.
/// </summary>
public interface IBlobStore
{
    Task<IBlobWriter> CreateAsync(string schoolId, CancellationToken cancellationToken);

    /// <summary>The blob's bytes from <paramref name="offset"/>, at most <paramref name="length"/> (all when null), in pieces of bounded size.</summary>
    IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string schoolId, string sha256, long offset, long? length, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string schoolId, string sha256, CancellationToken cancellationToken);

    /// <summary>Drops one reference; removes the bytes when it was the last. True when the bytes were removed.</summary>
    Task<bool> ReleaseAsync(string schoolId, string sha256, CancellationToken cancellationToken);

    /// <summary>Removes what uploads that never committed left behind, if started before <paramref name="startedBefore"/>.</summary>
    Task<int> PurgeAbandonedAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken);
}

public interface IBlobWriter : IAsyncDisposable
{
    Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the blob addressable under its hash and takes one reference to it; false when the school already had these
    /// bytes (the new copy is dropped and the existing bytes gain the reference).
    /// </summary>
    Task<bool> CommitAsync(string sha256, CancellationToken cancellationToken);
}

/// <summary>
/// The default store: pieces of <see cref="FilesOptions.ChunkBytes"/> in a PostgreSQL table (backed up with everything
/// else). A writer holds at most one piece in memory; a reader fetches a few pieces per query and holds no connection
/// between them, so a slow client does not pin a pooled connection.
/// </summary>
public sealed class PostgresBlobStore(NpgsqlDataSource database, IOptions<FilesOptions> options, TimeProvider time) : IBlobStore
{
    private const int PiecesPerQuery = 4;

    private NpgsqlDataSource Database => database;

    private DateTimeOffset Now => time.GetUtcNow();

    public async Task<IBlobWriter> CreateAsync(string schoolId, CancellationToken cancellationToken)
    {
        var blobId = Guid.NewGuid();
        await using var command = database.CreateCommand("INSERT INTO file_blob_staging (blob_id, school_id, started_at) VALUES (@blob, @school, @at)");
        command.Parameters.AddWithValue("blob", blobId);
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("at", time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new Writer(this, schoolId, blobId, options.Value.ChunkBytes);
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string schoolId, string sha256, long offset, long? length,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var blobId = await BlobIdAsync(schoolId, sha256, cancellationToken) ?? throw new FileNotFoundException("No such blob.");
        var end = length is { } l ? offset + l : long.MaxValue;
        var next = offset;
        while (next < end)
        {
            await using var command = database.CreateCommand("""
                SELECT pos, data FROM file_blob_chunks WHERE blob_id = @blob AND pos + len > @from AND pos < @end ORDER BY pos LIMIT @n
                """);
            command.Parameters.AddWithValue("blob", blobId);
            command.Parameters.AddWithValue("from", next);
            command.Parameters.AddWithValue("end", end);
            command.Parameters.AddWithValue("n", PiecesPerQuery);
            var pieces = new List<(long Pos, byte[] Data)>(PiecesPerQuery);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken)) pieces.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
            }

            if (pieces.Count == 0) yield break;
            foreach (var (pos, data) in pieces)
            {
                var from = (int)Math.Max(0, next - pos);
                var to = (int)Math.Min(data.Length, end - pos);
                if (to > from) yield return data.AsMemory(from, to - from);
                next = pos + to;
            }
        }
    }

    public async Task<bool> ExistsAsync(string schoolId, string sha256, CancellationToken cancellationToken) =>
        await BlobIdAsync(schoolId, sha256, cancellationToken) is not null;

    public async Task<bool> ReleaseAsync(string schoolId, string sha256, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The row stays locked to the end of the transaction: a commit of the same bytes waits, then either finds the
        // row with its reference kept or, the row gone, stores its own copy.
        await using var release = new NpgsqlCommand(
            "UPDATE file_blobs SET refs = refs - 1 WHERE school_id = @school AND sha256 = @sha RETURNING blob_id, refs", connection, transaction);
        release.Parameters.AddWithValue("school", schoolId);
        release.Parameters.AddWithValue("sha", sha256);
        Guid? unused = null;
        await using (var reader = await release.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken) && reader.GetInt32(1) <= 0) unused = reader.GetGuid(0);
        }

        if (unused is { } blobId)
        {
            await using var remove = new NpgsqlCommand(
                "DELETE FROM file_blobs WHERE blob_id = @blob; DELETE FROM file_blob_chunks WHERE blob_id = @blob", connection, transaction);
            remove.Parameters.AddWithValue("blob", blobId);
            await remove.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return unused is not null;
    }

    public async Task<int> PurgeAbandonedAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            WITH gone AS (DELETE FROM file_blob_staging WHERE started_at < @before RETURNING blob_id),
                 pieces AS (DELETE FROM file_blob_chunks WHERE blob_id IN (SELECT blob_id FROM gone) RETURNING 1)
            SELECT count(*) FROM gone
            """);
        command.Parameters.AddWithValue("before", startedBefore);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<Guid?> BlobIdAsync(string schoolId, string sha256, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT blob_id FROM file_blobs WHERE school_id = @school AND sha256 = @sha");
        command.Parameters.AddWithValue("school", schoolId);
        command.Parameters.AddWithValue("sha", sha256);
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private sealed class Writer(PostgresBlobStore store, string schoolId, Guid blobId, int pieceBytes) : IBlobWriter
    {
        private readonly byte[] piece = new byte[pieceBytes];
        private int filled;
        private long written;
        private bool done;

        public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            while (bytes.Length > 0)
            {
                var n = Math.Min(bytes.Length, piece.Length - filled);
                bytes[..n].CopyTo(piece.AsMemory(filled));
                filled += n;
                bytes = bytes[n..];
                if (filled == piece.Length) await FlushAsync(cancellationToken);
            }
        }

        public async Task<bool> CommitAsync(string sha256, CancellationToken cancellationToken)
        {
            await FlushAsync(cancellationToken);
            await using var connection = await store.Database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Stored, or the school's existing bytes gain a reference: one statement, under the row's lock.
            await using var insert = new NpgsqlCommand("""
                INSERT INTO file_blobs (school_id, sha256, blob_id, size, created_at, refs) VALUES (@school, @sha, @blob, @size, @at, 1)
                ON CONFLICT (school_id, sha256) DO UPDATE SET refs = file_blobs.refs + 1
                RETURNING blob_id
                """, connection, transaction);
            insert.Parameters.AddWithValue("school", schoolId);
            insert.Parameters.AddWithValue("sha", sha256);
            insert.Parameters.AddWithValue("blob", blobId);
            insert.Parameters.AddWithValue("size", written);
            insert.Parameters.AddWithValue("at", store.Now);
            var stored = (Guid)(await insert.ExecuteScalarAsync(cancellationToken))! == blobId;
            await using var staged = new NpgsqlCommand(stored
                ? "DELETE FROM file_blob_staging WHERE blob_id = @blob"
                : "WITH gone AS (DELETE FROM file_blob_staging WHERE blob_id = @blob) DELETE FROM file_blob_chunks WHERE blob_id = @blob", connection, transaction);
            staged.Parameters.AddWithValue("blob", blobId);
            await staged.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            done = true;
            return stored;
        }

        public async ValueTask DisposeAsync()
        {
            if (done) return;
            // An upload that did not commit leaves nothing behind; should this fail, the purge of abandoned uploads finds it.
            try
            {
                await using var command = store.Database.CreateCommand(
                    "WITH gone AS (DELETE FROM file_blob_staging WHERE blob_id = @blob) DELETE FROM file_blob_chunks WHERE blob_id = @blob");
                command.Parameters.AddWithValue("blob", blobId);
                await command.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
            }
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (filled == 0) return;
            await using var command = store.Database.CreateCommand("INSERT INTO file_blob_chunks (blob_id, pos, len, data) VALUES (@blob, @pos, @len, @data)");
            command.Parameters.AddWithValue("blob", blobId);
            command.Parameters.AddWithValue("pos", written);
            command.Parameters.AddWithValue("len", filled);
            command.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Bytea) { Value = new ReadOnlyMemory<byte>(piece, 0, filled) });
            await command.ExecuteNonQueryAsync(cancellationToken);
            written += filled;
            filled = 0;
        }
    }
}

/// <summary>
/// The second store: files on a volume under <see cref="FilesOptions.FileSystemRoot"/>, one per (school, SHA-256); uploads
/// are written under .staging and moved into place when committed. Beside each blob a ".refs" file holds its reference
/// count; commits and releases of the same bytes take that file's exclusive lock (flock, so across processes on the
/// host), which makes "reuse or store" and "release, remove if last" atomic with respect to each other.
/// </summary>
public sealed class FileSystemBlobStore(IOptions<FilesOptions> options) : IBlobStore
{
    private string Root => options.Value.FileSystemRoot is { Length: > 0 } root ? root : throw new InvalidOperationException("Files:FileSystemRoot is not set.");

    private string Staging => Path.Combine(Root, ".staging");

    public Task<IBlobWriter> CreateAsync(string schoolId, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Staging);
        var path = Path.Combine(Staging, Guid.NewGuid().ToString("N"));
        return Task.FromResult<IBlobWriter>(new Writer(this, schoolId, path));
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string schoolId, string sha256, long offset, long? length,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var file = new FileStream(PathOf(schoolId, sha256), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, useAsync: true);
        file.Seek(Math.Min(offset, file.Length), SeekOrigin.Begin);
        var left = length ?? long.MaxValue;
        var buffer = new byte[options.Value.ChunkBytes];
        while (left > 0)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
            if (read == 0) yield break;
            left -= read;
            // A fresh buffer each time: the consumer may still hold the previous piece.
            yield return buffer.AsMemory(0, read).ToArray();
        }
    }

    public Task<bool> ExistsAsync(string schoolId, string sha256, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(schoolId, sha256)));

    public async Task<bool> ReleaseAsync(string schoolId, string sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(schoolId, sha256);
        if (!Directory.Exists(Path.GetDirectoryName(path))) return false;
        await using var refs = await References.LockAsync(path, cancellationToken);
        // Unknown count (bytes stored before counting began, or a crash between move and count): keep them.
        if (refs.Count is not { } count || !File.Exists(path)) return false;
        if (count > 1)
        {
            refs.Write(count - 1);
            return false;
        }

        File.Delete(path);
        refs.Write(0);
        return true;
    }

    public Task<int> PurgeAbandonedAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Staging)) return Task.FromResult(0);
        var old = new DirectoryInfo(Staging).EnumerateFiles().Where(f => f.CreationTimeUtc < startedBefore.UtcDateTime).ToList();
        foreach (var f in old) f.Delete();
        return Task.FromResult(old.Count);
    }

    /// <summary>School ids and hashes are checked ids (letters, digits, '-', '_'; hex): no path can be climbed out of.</summary>
    private string PathOf(string schoolId, string sha256)
    {
        if (!schoolId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || !sha256.All(Uri.IsHexDigit) || sha256.Length != 64)
            throw new ArgumentException("Not a blob address.");
        return Path.Combine(Root, schoolId, sha256[..2], sha256);
    }

    private sealed class Writer(FileSystemBlobStore store, string schoolId, string path) : IBlobWriter
    {
        private readonly FileStream file = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        private bool done;

        public Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => file.WriteAsync(bytes, cancellationToken).AsTask();

        public async Task<bool> CommitAsync(string sha256, CancellationToken cancellationToken)
        {
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
            await file.DisposeAsync();
            var target = store.PathOf(schoolId, sha256);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            done = true;
            await using var refs = await References.LockAsync(target, cancellationToken);
            if (File.Exists(target))
            {
                File.Delete(path);
                if (refs.Count is { } count) refs.Write(count + 1);
                return false;
            }

            File.Move(path, target, overwrite: false);
            refs.Write(1);
            return true;
        }

        public async ValueTask DisposeAsync()
        {
            await file.DisposeAsync();
            if (!done) File.Delete(path);
        }
    }

    /// <summary>A blob's reference count, held under an exclusive lock of its ".refs" file while open.</summary>
    private sealed class References : IAsyncDisposable
    {
        private readonly FileStream file;

        private References(FileStream file)
        {
            this.file = file;
            var text = new StreamReader(file, leaveOpen: true).ReadToEnd().Trim();
            Count = text.Length == 0 ? null : int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Null when never counted.</summary>
        public int? Count { get; private set; }

        public static async Task<References> LockAsync(string blobPath, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    // FileShare.None is an exclusive flock on Unix: the other holder (any process) makes this throw.
                    return new References(new FileStream(blobPath + ".refs", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException) when (attempt < 6000 && !cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(5, cancellationToken);
                }
            }
        }

        public void Write(int count)
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            file.SetLength(0);
            file.Position = 0;
            file.Write(bytes);
            file.Flush(flushToDisk: true);
            Count = count;
        }

        public ValueTask DisposeAsync() => file.DisposeAsync();
    }
}
