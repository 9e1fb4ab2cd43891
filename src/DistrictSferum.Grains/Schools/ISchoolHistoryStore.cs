using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Schools;

/// <summary>A school's history of movements: append-only and unbounded, so it lives outside grain state.</summary>
public interface ISchoolHistoryStore
{
    /// <summary>Appends movements; one already stored (same id) is skipped, so a retried flush is harmless.</summary>
    Task AppendAsync(IReadOnlyList<Movement> movements, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<Page<Movement>> ListAsync(string schoolId, PageRequest page, CancellationToken cancellationToken = default);
}
