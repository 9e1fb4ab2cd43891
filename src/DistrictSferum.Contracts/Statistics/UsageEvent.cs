namespace DistrictSferum.Contracts.Statistics;

/// <summary>
/// Something an analyst counts (DIS-4): what happened, where and in which role, never who or what was said.
/// Published on the usage stream of its school as it happens.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.UsageEvent")]
public sealed record UsageEvent(
    [property: Id(0)] string Kind,
    [property: Id(1)] string SchoolId,
    [property: Id(2)] string? Role,
    [property: Id(3)] string? ClassKind,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] long Count = 1);
