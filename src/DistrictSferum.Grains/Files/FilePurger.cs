using DistrictSferum.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Grains.Files;

/// <summary>
/// Retention: the files of messages their authors deleted are purged once the retention period has passed (evidence held
/// after a moderator's deletion never is), their bytes removed with the last reference to them; what abandoned
/// uploads left behind goes too (a streamed one's pieces, a unary one's staged chunks). Runs on every silo; purging a
/// file twice changes nothing.
/// </summary>
public sealed class FilePurger(
    FileCatalog catalog, IBlobStore store, StagedUploads staged, IGrainFactory grains, IOptions<FilesOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock, ILogger<FilePurger> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Purging files failed; the next round tries again");
            }
        }
    }

    /// <summary>One round; returns how many files were purged.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var purged = 0;
        foreach (var file in await catalog.DueForPurgeAsync(now, 500))
        {
            if (!await catalog.MarkPurgedAsync(file, now)) continue;
            purged++;
            // The file's reference to its bytes; the store removes them with the last one. A crash right here keeps the
            // bytes for good (one reference too many), never removes bytes another file uses.
            await store.ReleaseAsync(file.SchoolId, file.Sha256, cancellationToken);
            await grains.GetGrain<ISchoolFileQuota>(file.SchoolId).Released(file.Size);
        }

        await store.PurgeAbandonedAsync(now - TimeSpan.FromDays(1), cancellationToken);
        await staged.PurgeAsync(now - StagedUploads.Life, cancellationToken);
        if (purged > 0) logger.LogInformation("Purged {Count} files past their retention", purged);
        return purged;
    }
}
