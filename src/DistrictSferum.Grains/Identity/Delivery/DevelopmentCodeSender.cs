using DistrictSferum.Contracts.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Grains.Identity.Delivery;

/// <summary>Development delivery: the code goes to the log and is appended to a file under the data folder.</summary>
public sealed class DevelopmentCodeSender(IOptions<CodeDeliveryOptions> options, ILogger<DevelopmentCodeSender> logger) : ICodeSender
{
    private static readonly SemaphoreSlim FileLock = new(1, 1);

    public async Task SendAsync(ContactAddress to, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        logger.LogWarning("Development sign-in code for {Contact}: {Code} (expires {ExpiresAt:O})", to.Value, code, expiresAt);
        if (options.Value.CodesFile is not { Length: > 0 } path) return;

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await FileLock.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(path, $"{DateTimeOffset.UtcNow:O}\t{to.Value}\t{code}\n", cancellationToken);
        }
        finally
        {
            FileLock.Release();
        }
    }
}
