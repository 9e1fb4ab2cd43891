using DistrictSferum.Grains.Statistics;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Server;

/// <summary>Writes the district's k where the BI views read it, so the views suppress exactly as the API does.</summary>
public sealed class StatisticsSettingsWriter(PostgresUsageStore store, IOptions<StatisticsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.SetKAsync(options.Value.K, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
