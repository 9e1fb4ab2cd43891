using System.ComponentModel.DataAnnotations;
using DistrictSferum.Contracts.Options;

namespace DistrictSferum.Grains.Files;

/// <summary>Files in chats (section "Files"): limits, where bytes live, how they are scanned, how long deleted ones stay.</summary>
public sealed class FilesOptions
{
    public const string Section = "Files";

    /// <summary>The largest file (default 25 MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Every school's quota of stored bytes (default 20 GB).</summary>
    [Range(1, long.MaxValue)]
    public long SchoolQuotaBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>Download chunk size, and the largest upload chunk accepted is four times it (default 256 KiB).</summary>
    [Range(4096, 1024 * 1024)]
    public int ChunkBytes { get; set; } = 256 * 1024;

    /// <summary>The largest upload chunk accepted.</summary>
    public int MaxUploadChunkBytes => ChunkBytes * 4;

    /// <summary>"postgres" (default: backed up with everything else) or "filesystem" (under <see cref="FileSystemRoot"/>).</summary>
    public string Store { get; set; } = "postgres";

    public string FileSystemRoot { get; set; } = "";

    /// <summary>"clamd" (default) or "none" (development only: nothing is scanned, files are marked not scanned).</summary>
    public string Scanner { get; set; } = "clamd";

    /// <summary>clamd's address: "tcp://host:port" or "unix:/path/to/clamd.ctl".</summary>
    public string ClamdAddress { get; set; } = "tcp://127.0.0.1:3310";

    /// <summary>When the scanner cannot be reached: false (default) refuses the upload; true stores it marked not scanned.</summary>
    public bool FailOpen { get; set; }

    /// <summary>How long the files of a message its author deleted stay before they are purged (default 30 days); evidence stays.</summary>
    [Positive]
    public TimeSpan RetentionAfterDelete { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the purge runs (default hourly).</summary>
    [Positive]
    public TimeSpan PurgeEvery { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest side of an image's preview (default 256 px).</summary>
    [Range(1, 1024)]
    public int ThumbnailSize { get; set; } = 256;

    /// <summary>
    /// Previews are made only of images up to this many bytes (default 12 MiB): the source is read whole into memory to decode.
    /// Larger images keep their dimensions and get no preview.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long ThumbnailMaxSourceBytes { get; set; } = 12L * 1024 * 1024;

    /// <summary>
    /// ... and up to this many pixels (default 40 million): a PNG decodes at full size, 4 bytes a pixel (160 MB at the bound;
    /// a JPEG decodes at 1/8 of that).
    /// </summary>
    [Range(1, long.MaxValue)]
    public long ThumbnailMaxSourcePixels { get; set; } = 40_000_000;

    /// <summary>Previews decoded at the same time per server (default 2): with the bounds above, the most memory previews take.</summary>
    [Range(1, 64)]
    public int ThumbnailConcurrency { get; set; } = 2;
}
