namespace DistrictSferum.Contracts.Files;

/// <summary>The error codes of files in chats (CHAT-8).</summary>
public static class FileErrors
{
    public const string FileNotFound = "FILE_NOT_FOUND";
    public const string FileTooLarge = "FILE_TOO_LARGE";
    public const string QuotaExceeded = "QUOTA_EXCEEDED";
    public const string FileTypeRefused = "FILE_TYPE_REFUSED";
    public const string FileNameInvalid = "FILE_NAME_INVALID";
    public const string FileSizeMismatch = "FILE_SIZE_MISMATCH";
    public const string FileHashMismatch = "FILE_HASH_MISMATCH";
    public const string FileInfected = "FILE_INFECTED";
    public const string ScannerUnavailable = "SCANNER_UNAVAILABLE";
    public const string UploadHeaderRequired = "UPLOAD_HEADER_REQUIRED";
    public const string ChunkTooLarge = "CHUNK_TOO_LARGE";
    public const string UploadSuperseded = "UPLOAD_SUPERSEDED";
    public const string AttachmentInvalid = "ATTACHMENT_INVALID";
    public const string RangeInvalid = "FILE_RANGE_INVALID";
    public const string UploadNotFound = "UPLOAD_NOT_FOUND";
    public const string UploadOffsetMismatch = "UPLOAD_OFFSET_MISMATCH";
    public const string UploadIncomplete = "UPLOAD_INCOMPLETE";
    public const string UploadConflict = "UPLOAD_CONFLICT";
    public const string UploadsOpenLimit = "UPLOADS_OPEN_LIMIT";
}
