namespace DistrictSferum.Contracts.Statistics;

/// <summary>
/// A statistics doorbell (DIS-4): a school's aggregator closed a bucket and committed it. Published on the usage
/// stream of the school and of the district; the figures themselves are read from PostgreSQL, so a lost doorbell
/// only delays a watcher until its next poll.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.UsageBucketClosed")]
public sealed record UsageBucketClosed(
    [property: Id(0)] string SchoolId,
    [property: Id(1)] DateTimeOffset ClosedThrough);
