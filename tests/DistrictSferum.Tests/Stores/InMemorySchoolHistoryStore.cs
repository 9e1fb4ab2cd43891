using DistrictSferum.Grains.Schools;
using System.Collections.Concurrent;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Tests.Stores;

/// <summary>History kept in memory: for grain tests, never production.</summary>
public sealed class InMemorySchoolHistoryStore : ISchoolHistoryStore
{
    private readonly ConcurrentDictionary<string, List<Movement>> bySchool = new();

    public Task AppendAsync(IReadOnlyList<Movement> movements, CancellationToken cancellationToken = default)
    {
        foreach (var m in movements)
        {
            var list = bySchool.GetOrAdd(m.SchoolId, _ => []);
            lock (list)
            {
                if (list.All(x => x.MovementId != m.MovementId)) list.Add(m);
            }
        }

        return Task.CompletedTask;
    }

    public Task<Page<Movement>> ListAsync(string schoolId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var list = bySchool.GetOrAdd(schoolId, _ => []);
        List<Movement> newestFirst;
        lock (list) newestFirst = Enumerable.Reverse(list).ToList();
        return Task.FromResult(Paging.Slice(newestFirst, page));
    }
}
