using DistrictSferum.Contracts.Identity;
using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Grains.Districts;

/// <summary>The operator register as the server and other grains read it (key: <see cref="Contracts.Districts.IDistrictGrain.Key"/>).</summary>
[Alias("ds.IDistrictOperators")]
public interface IDistrictOperators : IGrainWithStringKey
{
    /// <summary>
    /// Makes the owner of <paramref name="contact"/> an operator when the district has none (the configured first
    /// operator, at server start); once there are operators it changes nothing, so a removed operator is not brought
    /// back by a restart.
    /// </summary>
    [Alias("BootstrapOperator")]
    Task<string> BootstrapOperator(ContactAddress contact, string displayName);

    /// <summary>A read of the register: interleaves, so a grain the district is waiting on may ask it.</summary>
    [Alias("IsOperator"), Orleans.Concurrency.AlwaysInterleave]
    Task<bool> IsOperator(string userId);
}

/// <summary>What schools tell the district's register of them.</summary>
[Alias("ds.IDistrictRegister")]
internal interface IDistrictRegister : IGrainWithStringKey
{
    /// <summary>Keeps the register's copy of a school's name current (called by the school grain).</summary>
    [Alias("UpdateSummary")]
    Task UpdateSummary(SchoolSummary summary);
}

/// <summary>A school's suspension, unchecked, for the guard that keeps a suspended school read-only (key: school id).</summary>
[Alias("ds.ISchoolSuspensions")]
internal interface ISchoolSuspensions : IGrainWithStringKey
{
    [Alias("GetSuspension"), Orleans.Concurrency.AlwaysInterleave]
    Task<Contracts.Districts.SchoolSuspension?> GetSuspension();
}
