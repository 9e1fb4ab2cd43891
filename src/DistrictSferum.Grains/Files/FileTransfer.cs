using System.Security.Cryptography;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Files;
using DistrictSferum.Contracts.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Grains.Files;

/// <summary>
/// The upload and download pipeline. An upload is admitted by the school's files grain, then each chunk is hashed,
/// sniffed (the first 4 KiB), streamed to the virus scanner and written to the blob store as it arrives — nothing holds
/// the whole file. Only when the size and SHA-256 match, the type is allowed and the scanner says clean (or is down
/// and the district chose fail-open) is the blob committed and the file recorded; otherwise nothing of it remains.
/// </summary>
public sealed class FileTransfer(
    IGrainFactory grains, IBlobStore store, IVirusScanner scanner, FileCatalog catalog, IOptions<FilesOptions> options, ILogger<FileTransfer> logger)
    : IFileTransfer
{
    private readonly SemaphoreSlim previews = new(options.Value.ThumbnailConcurrency);

    public async Task<FileView> UploadAsync(Actor actor, UploadHeader header, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken)
    {
        var school = grains.GetGrain<ISchoolFilesGrain>(header.SchoolId);
        var ticket = await school.BeginUpload(actor, header);
        if (ticket.Stored is { } stored) return stored;
        var committed = false;
        try
        {
            var facts = await StoreAsync(header, ticket.Name, chunks, () => committed = true, cancellationToken);
            return await school.CompleteUpload(actor, ticket, header with { Sha256 = header.Sha256.ToLowerInvariant() }, facts);
        }
        catch (DomainException e)
        {
            // Refused before the file was recorded: its reference to the bytes goes again.
            if (committed) await store.ReleaseAsync(header.SchoolId, header.Sha256.ToLowerInvariant(), CancellationToken.None);
            await school.AbortUpload(actor, ticket, e.Code, e.Message);
            throw;
        }
        catch
        {
            // Whether the file was recorded is unknown here: keep the reference (bytes kept, never lost).
            await school.AbortUpload(actor, ticket, null, null);
            throw;
        }
    }

    private async Task<UploadedFacts> StoreAsync(UploadHeader header, string name, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, Action committed,
        CancellationToken cancellationToken)
    {
        var maxChunk = options.Value.MaxUploadChunkBytes;
        await using var writer = await store.CreateAsync(header.SchoolId, cancellationToken);
        await using var scan = await scanner.StartAsync(cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new byte[ContentSniffer.HeadBytes];
        var headLength = 0;
        string? type = null;
        long total = 0;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            if (chunk.Length > maxChunk)
                throw DomainException.InvalidField("chunk", FileErrors.ChunkTooLarge, $"Send the file in chunks of at most {maxChunk / 1024} KiB.", Rules.Chat8);
            total += chunk.Length;
            if (total > header.Size)
                throw DomainException.InvalidField("chunk", FileErrors.FileSizeMismatch, "The file is longer than its declared size.", Rules.Chat8);
            hash.AppendData(chunk.Span);
            if (type is null)
            {
                var n = Math.Min(chunk.Length, head.Length - headLength);
                chunk.Span[..n].CopyTo(head.AsSpan(headLength));
                headLength += n;
                // Refuse a program before storing more of it.
                if (headLength == head.Length) type = ContentSniffer.Sniff(head, name);
            }

            await scan.WriteAsync(chunk, cancellationToken);
            await writer.WriteAsync(chunk, cancellationToken);
        }

        if (total != header.Size)
            throw DomainException.InvalidField("header.size", FileErrors.FileSizeMismatch, $"The declared size was {header.Size} bytes but {total} arrived.", Rules.Chat8);
        type ??= ContentSniffer.Sniff(head.AsSpan(0, headLength), name);
        var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(sha, header.Sha256, StringComparison.OrdinalIgnoreCase))
            throw DomainException.InvalidField("header.sha256", FileErrors.FileHashMismatch, "The bytes that arrived do not have the declared SHA-256.", Rules.Chat8);
        var status = FileRules.Decide(await scan.FinishAsync(cancellationToken), options.Value.FailOpen);

        var dimensions = ImageHeader.Dimensions(head.AsSpan(0, headLength), type);
        await writer.CommitAsync(sha, cancellationToken);
        committed();
        var thumbnail = dimensions is { } d && Thumbnails.WithinBounds(header.Size, d, options.Value) ? await PreviewAsync(header, sha, d, cancellationToken) : null;
        return new UploadedFacts(type, status, dimensions?.Width, dimensions?.Height, thumbnail);
    }

    private async Task<byte[]?> PreviewAsync(UploadHeader header, string sha, (int Width, int Height) dimensions, CancellationToken cancellationToken)
    {
        await previews.WaitAsync(cancellationToken);
        try
        {
            return await Thumbnails.MakeAsync(store, header.SchoolId, sha, header.Size, dimensions, options.Value, logger, cancellationToken);
        }
        finally
        {
            previews.Release();
        }
    }

    public async Task<(FileView File, IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks)> DownloadAsync(
        Actor actor, string fileId, long offset, long? length, CancellationToken cancellationToken)
    {
        var file = await grains.GetGrain<IFileGrain>(fileId).Open(actor);
        if (offset < 0 || offset > file.Size)
            throw DomainException.InvalidField("offset", FileErrors.RangeInvalid, $"The offset is between 0 and the file's size ({file.Size}).", Rules.Chat8);
        if (length is < 0)
            throw DomainException.InvalidField("length", FileErrors.RangeInvalid, "The length is not negative (0: to the end).", Rules.Chat8);
        return (file, store.ReadAsync(file.SchoolId, file.Sha256, offset, length, cancellationToken));
    }

    public async Task<byte[]?> ThumbnailAsync(Actor actor, string fileId, CancellationToken cancellationToken)
    {
        var file = await grains.GetGrain<IFileGrain>(fileId).Open(actor);
        return file.HasThumbnail ? await catalog.ThumbnailAsync(fileId) : null;
    }
}

/// <summary>Registers files: options, the catalogue, the store and scanner the settings name, the transfer pipeline and the purge.</summary>
public static class FileServices
{
    public static IServiceCollection AddSferumFiles(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddValidatedOptions<FilesOptions>(configuration, FilesOptions.Section)
            .Validate(o => o.MaxFileBytes > 0 && o.SchoolQuotaBytes > 0 && o.ChunkBytes is >= 4096 and <= 1024 * 1024 && o.ThumbnailSize is > 0 and <= 1024
                && o.ThumbnailMaxSourceBytes > 0 && o.ThumbnailMaxSourcePixels > 0 && o.ThumbnailConcurrency > 0
                && o.Store is "postgres" or "filesystem" && (o.Store != "filesystem" || o.FileSystemRoot.Length > 0) && o.Scanner is "clamd" or "none",
                "Files: sizes are positive, ChunkBytes 4 KiB to 1 MiB, Store is postgres or filesystem (with FileSystemRoot), Scanner is clamd or none.");
        services.AddSingleton<FileCatalog>();
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<IOptions<FilesOptions>>().Value.Store == "filesystem"
            ? ActivatorUtilities.CreateInstance<FileSystemBlobStore>(sp)
            : new PostgresBlobStore(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), sp.GetRequiredService<IOptions<FilesOptions>>(),
                sp.GetRequiredKeyedService<TimeProvider>(Clocks.Domain)));
        services.AddSingleton<IVirusScanner>(sp => sp.GetRequiredService<IOptions<FilesOptions>>().Value.Scanner == "none"
            ? new NoVirusScanner()
            : ActivatorUtilities.CreateInstance<ClamAvScanner>(sp));
        services.AddSingleton<IFileTransfer, FileTransfer>();
        services.AddSingleton<StagedUploads>();
        services.AddSingleton<IStagedUploads>(sp => sp.GetRequiredService<StagedUploads>());
        services.AddSingleton<FilePurger>();
        services.AddHostedService(sp => sp.GetRequiredService<FilePurger>());
        return services;
    }
}
