namespace DistrictSferum.Contracts.Files;

/// <summary>What an upload declares before its bytes: the school it belongs to, name, type, size and SHA-256 (hex).</summary>
[GenerateSerializer, Immutable, Alias("ds.UploadHeader")]
public sealed record UploadHeader(
    [property: Id(0)] string SchoolId,
    [property: Id(1)] string Name,
    [property: Id(2)] string DeclaredType,
    [property: Id(3)] long Size,
    [property: Id(4)] string Sha256,
    [property: Id(5)] string? RequestId = null);

/// <summary>Whether a stored file was scanned: stored files are clean, or unscanned where the district chose fail-open.</summary>
[GenerateSerializer, Alias("ds.ScanStatus")]
public enum ScanStatus
{
    Clean = 0,
    /// <summary>The scanner could not be reached and the district's setting is fail-open.</summary>
    NotScanned = 1,
}

/// <summary>A stored file as those who may see it see it.</summary>
[GenerateSerializer, Immutable, Alias("ds.FileView")]
public sealed record FileView(
    [property: Id(0)] string FileId,
    [property: Id(1)] string SchoolId,
    [property: Id(2)] string UploaderId,
    [property: Id(3)] string Name,
    [property: Id(4)] string ContentType,
    [property: Id(5)] long Size,
    [property: Id(6)] string Sha256,
    [property: Id(7)] ScanStatus Scan,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] string? ChatId,
    [property: Id(10)] long? MessageSeq,
    [property: Id(11)] int? Width,
    [property: Id(12)] int? Height,
    [property: Id(13)] bool HasThumbnail,
    [property: Id(14)] DateTimeOffset? DeletedAt,
    [property: Id(15)] string? DeletedBy,
    [property: Id(16)] bool Evidence,
    [property: Id(17)] string? TicketId = null);

/// <summary>What the upload pipeline measured of the bytes it stored.</summary>
[GenerateSerializer, Immutable, Alias("ds.UploadedFacts")]
public sealed record UploadedFacts(
    [property: Id(0)] string ContentType,
    [property: Id(1)] ScanStatus Scan,
    [property: Id(2)] int? Width,
    [property: Id(3)] int? Height,
    [property: Id(4)] byte[]? Thumbnail);

/// <summary>
/// An upload the school admitted: the file id it will have, its normalised name, and which attempt of that file it is
/// (a retry with the same request id is a later attempt and replaces one still running).
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.UploadTicket")]
public sealed record UploadTicket([property: Id(0)] string FileId, [property: Id(1)] string Name, [property: Id(2)] FileView? Stored = null, [property: Id(3)] long Attempt = 0);

/// <summary>
/// A school's files (key: school id): admits uploads within the size limit and the school's quota, records stored
/// files, and audits refused ones (an infected file above all).
/// </summary>
[Alias("ds.ISchoolFilesGrain")]
public interface ISchoolFilesGrain : IGrainWithStringKey
{
    /// <summary>CHAT-8, DIS-1: a member of the school starts an upload; its declared size is reserved against the quota.</summary>
    [Alias("BeginUpload")]
    Task<UploadTicket> BeginUpload(Actor actor, UploadHeader header);

    /// <summary>Records the stored file and turns the reservation into use; an attempt a retry replaced is refused.</summary>
    [Alias("CompleteUpload")]
    Task<FileView> CompleteUpload(Actor actor, UploadTicket ticket, UploadHeader header, UploadedFacts facts);

    /// <summary>Releases the attempt's reservation; a refusal is audited (an infected file with the scanner's finding).</summary>
    [Alias("AbortUpload")]
    Task AbortUpload(Actor actor, UploadTicket ticket, string? refusalCode, string? detail);
}

/// <summary>One file (key: file id): who may see it, decided on every access.</summary>
[Alias("ds.IFileGrain")]
public interface IFileGrain : IGrainWithStringKey
{
    /// <summary>
    /// The file if the actor may see it: its uploader; members of the chat it is attached to (blocked ones too) while its
    /// message stands; the school's administrators, as evidence, after a moderator deleted it. Anyone else: NOT_FOUND.
    /// </summary>
    [Alias("Open")]
    Task<FileView> Open(Actor actor);
}

/// <summary>
/// Moves files' bytes between clients and the blob store (registered in the server; the gateway hands it the streams).
/// Memory stays bounded: chunks go to the store as they arrive and come back from it one by one.
/// </summary>
public interface IFileTransfer
{
    Task<FileView> UploadAsync(Actor actor, UploadHeader header, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken);

    /// <summary>The file's bytes from <paramref name="offset"/> (at most <paramref name="length"/>, all when null), in chunks.</summary>
    Task<(FileView File, IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks)> DownloadAsync(Actor actor, string fileId, long offset, long? length, CancellationToken cancellationToken);

    Task<byte[]?> ThumbnailAsync(Actor actor, string fileId, CancellationToken cancellationToken);
}

/// <summary>An upload in unary calls as its uploader sees it: where to continue, and the file once it is stored.</summary>
public sealed record StagedUpload(string UploadId, long Received, int MaxChunkBytes, FileView? Stored);

/// <summary>
/// CHAT-8, DIS-6: the same upload as <see cref="IFileTransfer.UploadAsync"/> in unary calls, for clients that cannot
/// stream a request (browsers over gRPC-Web). Chunks wait in the database between calls, so any server may take the
/// next one; finishing hands them to the upload pipeline in order, so they are checked, scanned and recorded alike.
/// </summary>
public interface IStagedUploads
{
    /// <summary>Admits the upload (membership, size, quota); with a request id a retry gets the same upload id back.</summary>
    Task<StagedUpload> StartAsync(Actor actor, UploadHeader header, CancellationToken cancellationToken);

    /// <summary>Adds the chunk that starts at <paramref name="offset"/>; a chunk already received is acknowledged again. Returns the bytes received.</summary>
    Task<long> AppendAsync(Actor actor, string uploadId, long offset, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    /// <summary>Stores the file once every byte arrived; a retry after success answers the same file.</summary>
    Task<FileView> FinishAsync(Actor actor, string uploadId, CancellationToken cancellationToken);
}
