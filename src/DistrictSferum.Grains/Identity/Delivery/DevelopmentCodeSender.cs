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
        // Never the address or the code in the log (no personal data in logs): the file is the development inbox.
        if (options.Value.CodesFile is not { Length: > 0 } path)
        {
            logger.LogWarning("Development delivery has no codes file; a sign-in code was dropped");
            return;
        }

        logger.LogInformation("A development sign-in code was written to {CodesFile}", path);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await FileLock.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(path, $"{TimeProvider.System.GetUtcNow():O}\t{to.Value}\t{code}\t{CodeMessages.Purpose(to)}\n", cancellationToken);
        }
        finally
        {
            FileLock.Release();
        }
    }
}
