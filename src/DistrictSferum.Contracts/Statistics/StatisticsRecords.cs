namespace DistrictSferum.Contracts.Statistics;

[GenerateSerializer, Alias("ds.UsageBucketSize")]
public enum UsageBucketSize
{
    Minute = 0,
    Hour = 1,
    Day = 2,
}

/// <summary>What a figure can be broken down by (DIS-4). Class is a class name for the school's staff and a grade for everyone else.</summary>
[GenerateSerializer, Alias("ds.UsageDimension")]
public enum UsageDimension
{
    School = 0,
    Class = 1,
    ChatKind = 2,
    Role = 3,
}

[GenerateSerializer, Alias("ds.StatisticsPeriod")]
public enum StatisticsPeriod
{
    Day = 0,
    Week = 1,
    Month = 2,
    AcademicYear = 3,
}

/// <summary>A usage query: a school (or the whole district when null), a time range, a bucket size and a breakdown.</summary>
[GenerateSerializer, Immutable, Alias("ds.UsageQuery")]
public sealed record UsageQuery(
    [property: Id(0)] string? SchoolId,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] UsageBucketSize Bucket,
    [property: Id(4)] IReadOnlyList<UsageDimension> GroupBy,
    [property: Id(5)] IReadOnlyList<string> Metrics);

/// <summary>
/// One published figure. Carries no member, chat or class identifier: a class appears as its name (to the school's
/// staff) or its grade. A suppressed cell (fewer than k distinct members behind it, or hidden so that a total cannot
/// reveal such a cell) carries no value.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.UsageCell")]
public sealed record UsageCell(
    [property: Id(0)] DateTimeOffset BucketStart,
    [property: Id(1)] string? SchoolId,
    [property: Id(2)] string? SchoolName,
    [property: Id(3)] string? ClassName,
    [property: Id(4)] int? Grade,
    [property: Id(5)] string? ChatKind,
    [property: Id(6)] string? Role,
    [property: Id(7)] string Metric,
    [property: Id(8)] long? Value,
    [property: Id(9)] double? Seconds,
    [property: Id(10)] bool Suppressed);

[GenerateSerializer, Immutable, Alias("ds.UsageTable")]
public sealed record UsageTable(
    [property: Id(0)] UsageBucketSize Bucket,
    [property: Id(1)] int K,
    [property: Id(2)] IReadOnlyList<UsageCell> Cells);

/// <summary>A school's figures for a period (ORG-14): totals, a series by day, and breakdowns by class, chat kind and role.</summary>
[GenerateSerializer, Immutable, Alias("ds.SchoolStatistics")]
public sealed record SchoolStatistics(
    [property: Id(0)] string SchoolId,
    [property: Id(1)] string SchoolName,
    [property: Id(2)] DateTimeOffset From,
    [property: Id(3)] DateTimeOffset To,
    [property: Id(4)] int K,
    [property: Id(5)] IReadOnlyList<UsageCell> Totals,
    [property: Id(6)] IReadOnlyList<UsageCell> Daily,
    [property: Id(7)] IReadOnlyList<UsageCell> ByClass,
    [property: Id(8)] IReadOnlyList<UsageCell> ByChatKind,
    [property: Id(9)] IReadOnlyList<UsageCell> ByRole,
    [property: Id(10)] double? MedianFirstStaffReplySeconds);

/// <summary>The district's figures for a period: totals, a series by day and a breakdown by school.</summary>
[GenerateSerializer, Immutable, Alias("ds.DistrictStatistics")]
public sealed record DistrictStatistics(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] int K,
    [property: Id(3)] IReadOnlyList<UsageCell> Totals,
    [property: Id(4)] IReadOnlyList<UsageCell> Daily,
    [property: Id(5)] IReadOnlyList<UsageCell> BySchool);

/// <summary>One closed bucket for a watcher, with its cursor (the bucket's start).</summary>
[GenerateSerializer, Immutable, Alias("ds.ClosedUsageBucket")]
public sealed record ClosedUsageBucket(
    [property: Id(0)] DateTimeOffset BucketStart,
    [property: Id(1)] IReadOnlyList<UsageCell> Cells,
    [property: Id(2)] int K);

/// <summary>An analyst: a district role that reads k-anonymous figures of every school (DIS-4).</summary>
[GenerateSerializer, Immutable, Alias("ds.AnalystView")]
public sealed record AnalystView(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] DateTimeOffset GrantedAt,
    [property: Id(3)] string GrantedBy);

/// <summary>A pipeline's account: statistics only, signs in with a client secret.</summary>
[GenerateSerializer, Immutable, Alias("ds.ServiceAccountView")]
public sealed record ServiceAccountView(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Scopes,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] string CreatedBy,
    [property: Id(5)] DateTimeOffset? RevokedAt);

/// <summary>A new service account and its secret, which is shown this once and stored only hashed.</summary>
[GenerateSerializer, Immutable, Alias("ds.CreatedServiceAccount")]
public sealed record CreatedServiceAccount(
    [property: Id(0)] ServiceAccountView Account,
    [property: Id(1)] string ClientSecret);

/// <summary>Metric names of the statistics side. Other parts add kinds by writing usage events with a new name.</summary>
public static class UsageKinds
{
    public const string MessageSent = "message_sent";
    public const string ActiveMembers = "active_members";
    public const string ChatJoined = "chat_joined";
    public const string ChatLeft = "chat_left";
    public const string SchoolJoined = "school_joined";
    public const string SchoolLeft = "school_left";
    public const string StudentMoved = "student_moved";
    public const string InviteCreated = "invite_created";
    public const string InviteUsed = "invite_used";
    public const string JoinRequested = "join_requested";
    public const string JoinDecided = "join_decided";
    public const string Session = "session";
    public const string StaffReply = "staff_reply";
    public const string ModerationPrefix = "moderation_";

    /// <summary>The service-account scope that reads statistics (the only one there is).</summary>
    public const string StatisticsScope = "statistics";

    /// <summary>Subject prefix of a service account's tokens and actor ids.</summary>
    public const string ServiceAccountPrefix = "svc:";
}
