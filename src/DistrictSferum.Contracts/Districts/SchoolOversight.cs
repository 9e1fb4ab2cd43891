using DistrictSferum.Contracts.Schools;

namespace DistrictSferum.Contracts.Districts;

/// <summary>A school suspended by the district: read-only, with the reason its members are shown.</summary>
[GenerateSerializer, Immutable, Alias("ds.SchoolSuspension")]
public sealed record SchoolSuspension(
    [property: Id(0)] string Reason,
    [property: Id(1)] string OperatorId,
    [property: Id(2)] DateTimeOffset Since);

/// <summary>What the school holds now, as counts (for the operators' school detail).</summary>
[GenerateSerializer, Immutable, Alias("ds.SchoolCounts")]
public sealed record SchoolCounts(
    [property: Id(0)] int Members,
    [property: Id(1)] int Administrators,
    [property: Id(2)] int Teachers,
    [property: Id(3)] int Students,
    [property: Id(4)] int Parents,
    [property: Id(5)] int Classes);

/// <summary>A school as the operators' detail shows it: live figures, no personal data.</summary>
[GenerateSerializer, Immutable, Alias("ds.SchoolDetail")]
public sealed record SchoolDetail(
    [property: Id(0)] SchoolView School,
    [property: Id(1)] SchoolCounts Counts,
    [property: Id(2)] int Chats,
    [property: Id(3)] DateTimeOffset? LastActivity,
    [property: Id(4)] SchoolSuspension? Suspension);

/// <summary>
/// The district's oversight of one school (key: school id): suspension, recovery of its administration, its
/// application, its live figures. Operators only, except reading the suspension (the school's members too).
/// </summary>
[Alias("ds.ISchoolOversightGrain")]
public interface ISchoolOversightGrain : IGrainWithStringKey
{
    /// <summary>The suspension as the school's members and the operators see it (null: not suspended).</summary>
    [Alias("ShowSuspension")]
    Task<SchoolSuspension?> ShowSuspension(Actor actor);

    [Alias("Suspend")]
    Task<SchoolSuspension> Suspend(Actor actor, string reason);

    [Alias("Resume")]
    Task Resume(Actor actor);

    /// <summary>ORG-1 again: an operator appoints a new administrator from an updated application (audited).</summary>
    [Alias("Recover")]
    Task<SchoolView> Recover(Actor actor, SchoolApplication application);

    /// <summary>An operator corrects the school's application on record (audited).</summary>
    [Alias("UpdateApplication")]
    Task<SchoolView> UpdateApplication(Actor actor, SchoolApplication application);

    [Alias("Detail")]
    Task<SchoolDetail> Detail(Actor actor);
}
