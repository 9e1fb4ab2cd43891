using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Identity;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Server;

/// <summary>Makes the configured contact a district operator once the silo is up (idempotent).</summary>
public sealed class OperatorBootstrap(
    IGrainFactory grains, IOptions<BootstrapOptions> options, IHostApplicationLifetime lifetime, ILogger<OperatorBootstrap> logger) : BackgroundService
{
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the operator exists (at once when none is configured).</summary>
    public Task Completion => completion.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (options.Value.OperatorContact is { Length: > 0 } raw)
            {
                var contact = ContactAddress.Parse(raw);
                var started = new TaskCompletionSource();
                using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
                await started.Task.WaitAsync(stoppingToken);

                var userId = await grains.GetGrain<IDistrictGrain>(IDistrictGrain.Key).BootstrapOperator(contact, options.Value.OperatorName);
                logger.LogInformation("District operator {Contact} is account {UserId}", contact.Value, userId);
            }

            completion.TrySetResult();
        }
        catch (Exception e)
        {
            completion.TrySetException(e);
            throw;
        }
    }
}
