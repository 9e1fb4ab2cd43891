using DistrictSferum.Grains.Statistics;

namespace DistrictSferum.Tests.Stores;

/// <summary>Keeps usage facts in memory: for grain tests that run without PostgreSQL.</summary>
public sealed class InMemoryUsageRecorder : IUsageRecorder
{
    private readonly Dictionary<string, (string SchoolId, UsageRecord Record)> records = [];

    public IReadOnlyList<(string SchoolId, UsageRecord Record)> Records
    {
        get
        {
            lock (records) return records.Values.ToList();
        }
    }

    public Task RecordAsync(string schoolId, IReadOnlyList<UsageRecord> batch, CancellationToken cancellationToken = default)
    {
        lock (records)
            foreach (var r in batch) records.TryAdd(r.EventId, (schoolId, r));
        return Task.CompletedTask;
    }
}
