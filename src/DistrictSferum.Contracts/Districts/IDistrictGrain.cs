using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Contracts.Districts;

/// <summary>
/// The district (one per cluster, key <see cref="Key"/>): its operators and the register of its schools.
/// </summary>
[Alias("ds.IDistrictGrain")]
public interface IDistrictGrain : IGrainWithStringKey
{
    public const string Key = "district";

    /// <summary>Makes the owner of <paramref name="contact"/> an operator; used to bootstrap the first one.</summary>
    [Alias("BootstrapOperator")]
    Task<string> BootstrapOperator(ContactAddress contact, string displayName);

    /// <summary>An operator appoints another operator.</summary>
    [Alias("AddOperator")]
    Task<string> AddOperator(Actor actor, ContactAddress contact, string displayName);

    [Alias("IsOperator")]
    Task<bool> IsOperator(string userId);

    /// <summary>ORG-1: registers a school from its application and appoints its administrator.</summary>
    [Alias("RegisterSchool")]
    Task<SchoolView> RegisterSchool(Actor actor, SchoolApplication application);

    [Alias("ListSchools")]
    Task<Page<SchoolSummary>> ListSchools(Actor actor, PageRequest page);

    /// <summary>Keeps the register's copy of a school's name current (called by the school grain).</summary>
    [Alias("UpdateSummary")]
    Task UpdateSummary(SchoolSummary summary);
}
