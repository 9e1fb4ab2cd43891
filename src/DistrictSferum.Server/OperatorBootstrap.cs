using DistrictSferum.Contracts.Districts;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Grains.Districts;
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
        if (options.Value.OperatorContact is not { Length: > 0 } raw)
        {
            completion.TrySetResult();
            return;
        }

        var contact = ContactAddress.Parse(raw);
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        // A busy or still-forming cluster may time the first call out; the server must not stop for that.
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                var userId = await grains.GetGrain<IDistrictOperators>(IDistrictGrain.Key).BootstrapOperator(contact, options.Value.OperatorName);
                logger.LogInformation("The configured district operator is account {UserId}", userId);
                completion.TrySetResult();
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is TimeoutException or SiloUnavailableException or OrleansException)
            {
                logger.LogWarning(e, "Bootstrapping the district operator failed; retrying in {Delay}", delay);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (Exception e)
            {
                completion.TrySetException(e);
                throw;
            }
        }
    }
}
