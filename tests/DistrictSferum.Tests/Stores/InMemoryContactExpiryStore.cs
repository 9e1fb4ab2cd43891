using System.Collections.Concurrent;
using DistrictSferum.Grains.Identity;

namespace DistrictSferum.Tests.Stores;

/// <summary>Contacts due for removal, in memory: for grain tests.</summary>
public sealed class InMemoryContactExpiryStore : IContactExpiryStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> due = new();

    public Task ScheduleAsync(string contactKey, DateTimeOffset dueAt)
    {
        due[contactKey] = dueAt;
        return Task.CompletedTask;
    }

    public Task ForgetAsync(string contactKey)
    {
        due.TryRemove(contactKey, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit) =>
        Task.FromResult<IReadOnlyList<string>>(due.Where(d => d.Value <= now).OrderBy(d => d.Value).Take(limit).Select(d => d.Key).ToList());
}
