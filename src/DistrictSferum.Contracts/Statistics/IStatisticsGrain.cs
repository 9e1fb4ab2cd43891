using DistrictSferum.Contracts.Identity;

namespace DistrictSferum.Contracts.Statistics;

/// <summary>
/// Reads usage statistics (ORG-14, DIS-4) for whoever may see them: a school's administrators and director their
/// school (class by name); operators, analysts and statistics service accounts the district (class by grade).
/// Every cell is k-anonymous. A stateless worker: any silo answers.
/// </summary>
[Alias("ds.IStatisticsGrain")]
public interface IStatisticsGrain : IGrainWithIntegerKey
{
    [Alias("GetSchoolStatistics")]
    Task<SchoolStatistics> GetSchoolStatistics(Actor actor, string schoolId, StatisticsPeriod period, DateOnly? day);

    [Alias("GetDistrictStatistics")]
    Task<DistrictStatistics> GetDistrictStatistics(Actor actor, StatisticsPeriod period, DateOnly? day);

    [Alias("QueryUsage")]
    Task<UsageTable> QueryUsage(Actor actor, UsageQuery query);

    /// <summary>
    /// DIS-4: a Subscribe stream (session <paramref name="sessionId"/>) started at <paramref name="startedAt"/> and was
    /// connected for <paramref name="connected"/>: one session of the member in each of their schools; recording the
    /// same session again changes nothing.
    /// </summary>
    [Alias("RecordStreamSession")]
    Task RecordSession(Actor actor, Guid sessionId, DateTimeOffset startedAt, TimeSpan connected);

    /// <summary>Closed buckets after <paramref name="after"/> (oldest first, at most <paramref name="limit"/>), for a watcher.</summary>
    [Alias("ClosedAfter")]
    Task<IReadOnlyList<ClosedUsageBucket>> ClosedAfter(Actor actor, string? schoolId, UsageBucketSize bucket, IReadOnlyList<UsageDimension> groupBy, DateTimeOffset after, int limit);
}

/// <summary>
/// The district's statistics roles (key <see cref="Key"/>): analysts granted and revoked by operators, and service
/// accounts for pipelines. Every grant and revocation is audited.
/// </summary>
[Alias("ds.IStatisticsAccessGrain")]
public interface IStatisticsAccessGrain : IGrainWithStringKey
{
    public const string Key = "district";

    [Alias("GrantAnalyst")]
    Task<AnalystView> GrantAnalyst(Actor actor, ContactAddress contact, string displayName);

    [Alias("RevokeAnalyst")]
    Task RevokeAnalyst(Actor actor, string userId);

    [Alias("ListAnalysts")]
    Task<IReadOnlyList<AnalystView>> ListAnalysts(Actor actor);

    [Alias("CreateServiceAccount")]
    Task<CreatedServiceAccount> CreateServiceAccount(Actor actor, string name, IReadOnlyList<string> scopes, string? requestId = null);

    [Alias("RevokeServiceAccount")]
    Task<ServiceAccountView> RevokeServiceAccount(Actor actor, string clientId);

    [Alias("ListServiceAccounts")]
    Task<IReadOnlyList<ServiceAccountView>> ListServiceAccounts(Actor actor);

    /// <summary>Client credentials: returns the account's actor id, or throws UNAUTHENTICATED.</summary>
    [Alias("Authenticate")]
    Task<string> Authenticate(string clientId, string clientSecret);
}
